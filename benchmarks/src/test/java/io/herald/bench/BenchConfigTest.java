package io.herald.bench;

import io.herald.bench.load.Login;
import io.herald.bench.load.Peer;
import io.herald.codec.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchConfigTest {

    @Test
    void upstreamListensAtItsDefaultUrlAndNeedsARate() {
        BenchConfig config = BenchConfig.builder().scenario(Scenario.UPSTREAM).rate(100).build();
        assertThat(config.upstreamUrl()).contains(URI.create("http://127.0.0.1:9900/"));
        assertThat(BenchConfig.builder().scenario(Scenario.UPSTREAM).rate(100).connectRate(500)
                .upstreamUrl(URI.create("http://127.0.0.1:9000/x")).build().upstreamUrl())
                .contains(URI.create("http://127.0.0.1:9000/x"));

        assertThatThrownBy(() -> BenchConfig.builder().scenario(Scenario.UPSTREAM).build())
                .hasMessageStartingWith("rate: 0 (expected: > 0 for upstream");
        assertThatThrownBy(() -> BenchConfig.builder().scenario(Scenario.UPSTREAM).rate(1).group("g").build())
                .hasMessageStartingWith("group: g (expected: none for upstream");
        assertThatThrownBy(() -> BenchConfig.builder().scenario(Scenario.UPSTREAM).rate(1)
                .upstreamUrl(URI.create("https://127.0.0.1:9900/")).build())
                .hasMessageStartingWith("upstreamUrl: https://127.0.0.1:9900/ (expected: an http://HOST:PORT/ URL");
        assertThatThrownBy(() -> BenchConfig.builder().scenario(Scenario.UNICAST)
                .upstreamUrl(URI.create("http://127.0.0.1:9900/")).build())
                .hasMessage("upstreamUrl: http://127.0.0.1:9900/ (expected: only with the upstream scenario)");
        assertThat(Scenario.parse("upstream")).isEqualTo(Scenario.UPSTREAM);
    }

    @Test
    void tlsAddressesAreTakenExceptByFailover() {
        BenchConfig config = BenchConfig.builder().ws(URI.create("wss://127.0.0.1:8443/ws"))
                .api(URI.create("https://127.0.0.1:8444")).build();
        assertThat(config.ws()).containsExactly(URI.create("wss://127.0.0.1:8443/ws"));

        refuses(b -> b.ws(URI.create("ftp://127.0.0.1:8080/ws")), "ws: ftp://127.0.0.1:8080/ws (expected: an address "
                + "such as ws://127.0.0.1:8080/ws (ws or wss only)");
        assertThatThrownBy(() -> failover().ws(List.of(URI.create("wss://127.0.0.1:1/ws"),
                URI.create("wss://127.0.0.1:2/ws"), URI.create("wss://127.0.0.1:3/ws"))).build())
                .hasMessageContaining("(expected: ws:// and http:// addresses for failover");
    }

    @Test
    void defaultsAreValid() {
        BenchConfig config = BenchConfig.builder().build();

        assertThat(config.scenario()).isEqualTo(Scenario.CONNECT);
        assertThat(config.ws()).containsExactly(URI.create("ws://127.0.0.1:8080/ws"));
        assertThat(config.api()).containsExactly(URI.create("http://127.0.0.1:8081"));
        assertThat(config.counted()).isFalse();
        assertThat(config.processes()).as("automatic").isZero();
        assertThat(config.serverPids()).isEmpty();
    }

    @Test
    void refusesOutOfRangeValuesNamingTheSetting() {
        refuses(b -> b.connections(0), "connections: 0 (expected: > 0)");
        refuses(b -> b.rate(-1), "rate: -1 (expected: >= 0)");
        refuses(b -> b.duration(Duration.ZERO), "duration: PT0S (expected: > 0)");
        refuses(b -> b.httpConcurrency(0), "httpConcurrency: 0 (expected: > 0)");
        refuses(b -> b.batch(0), "batch: 0 (expected: 1 to 10000)");
        refuses(b -> b.connections(10).batch(11), "batch: 11 (expected: at most --connections (10))");
        refuses(b -> b.ws(URI.create("http://127.0.0.1:8080/ws")), "ws: http://127.0.0.1:8080/ws (expected:");
        refuses(b -> b.api(URI.create("ws://127.0.0.1:8081")), "api: ws://127.0.0.1:8081 (expected:");
        refuses(b -> b.secret("short"), "secret: (5 bytes) (expected: at least 32 bytes for HS256)");
        refuses(b -> b.group(""), "group: '' (expected: a group name)");
        refuses(b -> b.processes(-1), "processes: -1 (expected: 0 (automatic) to 64)");
        refuses(b -> b.connections(3).processes(4), "processes: 4 (expected: at most --connections (3))");
        refuses(b -> b.serverPids(List.of(0L)), "serverPid: [0] (expected: process ids > 0)");
    }

    @Test
    void aClusterRunTargetsSeveralNodesPairedAddressByAddress() {
        List<URI> ws = List.of(URI.create("ws://127.0.0.1:8080/ws"), URI.create("ws://127.0.0.1:9080/ws"));
        List<URI> api = List.of(URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:9081"));

        BenchConfig config = BenchConfig.builder().scenario(Scenario.CLUSTER).ws(ws).api(api).build();

        assertThat(config.pushApi()).isEqualTo(api.get(0));
        assertThat(config.clusterPush()).isEqualTo(Scenario.UNICAST);
        assertThat(config.broadcasts()).isFalse();
        assertThat(config.describe()).containsEntry("push", "unicast")
                .containsEntry("ws", List.of("ws://127.0.0.1:8080/ws", "ws://127.0.0.1:9080/ws"));
        assertThat(BenchConfig.builder().scenario(Scenario.CLUSTER).ws(ws).clusterPush(Scenario.BROADCAST).build()
                .broadcasts()).isTrue();
        refuses(b -> b.scenario(Scenario.CLUSTER), "ws: [ws://127.0.0.1:8080/ws] (expected: at least two");
        refuses(b -> b.scenario(Scenario.CLUSTER).ws(ws).api(List.of(api.get(0), api.get(1), api.get(1))),
                "api: [");
        refuses(b -> b.scenario(Scenario.CLUSTER).ws(ws).clusterPush(Scenario.CONNECT),
                "push: connect (expected: unicast or broadcast)");
        refuses(b -> b.scenario(Scenario.UNICAST).clusterPush(Scenario.BROADCAST),
                "push: broadcast (expected: only with the cluster scenario)");
        refuses(b -> b.scenario(Scenario.CONNECT).connectRate(100),
                "connectRate: 100 (expected: only with unicast, broadcast, cluster or upstream (connect takes rate))");
        refuses(b -> b.scenario(Scenario.CLUSTER).ws(ws).connectRate(-1), "connectRate: -1 (expected: >= 0)");
    }

    @Test
    void theConstructorChecksEverySettingSoThatNoBadConfigExists() {
        BenchConfig c = BenchConfig.builder().build();

        assertThatThrownBy(() -> new BenchConfig(c.scenario(), 0, c.rate(), c.duration(), c.count(),
                c.payloadSizeBytes(), c.httpConcurrency(), c.batch(), c.group(), c.warmup(), c.ws(), c.api(),
                c.apiKey(), c.secret(), c.sourceAddresses(), c.serverPids(), c.processes(), c.clusterPush(),
                c.killAfter(), c.killNode(), c.peer(), c.connectRate(), c.login(), c.profile(), c.upstreamUrl(),
                c.slowReaders()))
                .isInstanceOf(InvalidConfigException.class).hasMessage("connections: 0 (expected: > 0)");
    }

    @Test
    void slowReadersTakesItsOwnDefaultAndTheOtherScenariosNone() {
        assertThat(BenchConfig.builder().scenario(Scenario.SLOW_READERS).rate(100).build().slowReaders())
                .isEqualTo(2000);
        assertThat(BenchConfig.builder().build().slowReaders()).isNull();
        assertThat(Scenario.parse("slow-readers")).isEqualTo(Scenario.SLOW_READERS);
        assertThatThrownBy(() -> BenchConfig.builder().scenario(Scenario.SLOW_READERS).rate(100).group("g").build())
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("group: g (expected: none");
        assertThatThrownBy(() -> BenchConfig.builder().scenario(Scenario.SLOW_READERS).rate(100).slowReaders(0)
                .build()).isInstanceOf(InvalidConfigException.class).hasMessage("slowReaders: 0 (expected: > 0)");
    }

    @Test
    void aConfigMadeOfAnothersSettingsIsEqualToIt() {
        List<URI> ws = List.of(URI.create("ws://127.0.0.1:8080/ws"), URI.create("ws://127.0.0.1:9080/ws"));
        for (BenchConfig c : List.of(BenchConfig.builder().build(),
                BenchConfig.builder().scenario(Scenario.UNICAST).batch(10).secret("0123456789abcdef0123456789abcdef")
                        .sourceAddresses("127.0.0.1-127.0.0.2").serverPid(7).build(),
                BenchConfig.builder().scenario(Scenario.CLUSTER).ws(ws).clusterPush(Scenario.BROADCAST).group("g")
                        .connectRate(500).build(),
                failover().killAfter(Duration.ofSeconds(2)).killNode(3).build(),
                nchan().scenario(Scenario.UNICAST).serverPid(9).build(),
                BenchConfig.builder().scenario(Scenario.SLOW_READERS).rate(100).slowReaders(200).build())) {
            assertThat(new BenchConfig(c.scenario(), c.connections(), c.rate(), c.duration(), c.count(),
                    c.payloadSizeBytes(), c.httpConcurrency(), c.batch(), c.group(), c.warmup(), c.ws(), c.api(),
                    c.apiKey(), c.secret(), c.sourceAddresses(), c.serverPids(), c.processes(), c.clusterPush(),
                    c.killAfter(), c.killNode(), c.peer(), c.connectRate(), c.login(), c.profile(), c.upstreamUrl(),
                    c.slowReaders())).isEqualTo(c);
        }
        assertThat(BenchConfig.builder().scenario(Scenario.UNICAST).build().clusterPush())
                .as("only cluster takes --push").isNull();
    }

    @Test
    void describesItselfWithoutSecrets() {
        BenchConfig config = BenchConfig.builder().secret("0123456789abcdef0123456789abcdef").apiKey("key").build();

        assertThat(config.describe()).containsEntry("secret", true).containsEntry("apiKey", true)
                .doesNotContainValue("key");
    }

    @Test
    void anNchanRunTakesOneServerWhoseLocationsTakeAChannel() {
        BenchConfig config = nchan().scenario(Scenario.BROADCAST).serverPids(List.of(10L, 11L, 12L)).build();

        assertThat(config.peer()).isEqualTo(Peer.NCHAN);
        assertThat(config.broadcasts()).isTrue();
        assertThat(config.serverPids()).as("nginx's master and workers: one server").containsExactly(10L, 11L, 12L);
        assertThat(config.describe()).containsEntry("peer", "nchan");
        assertThat(BenchConfig.builder().build().peer()).as("the default").isEqualTo(Peer.HERALD);
        assertThat(Peer.parse(" NChan")).isEqualTo(Peer.NCHAN);
        assertThat(Peer.NCHAN).hasToString("nchan");
        assertThatThrownBy(() -> Peer.parse("centrifugo")).isInstanceOf(InvalidConfigException.class)
                .hasMessage("peer: centrifugo (expected: herald or nchan)");
    }

    @Test
    void herald_sConnectionsLogInWithTheCommandUnlessTheUpgradeIsAskedFor() {
        assertThat(BenchConfig.builder().build().login()).as("the default").isEqualTo(Login.COMMAND);
        BenchConfig upgrade = BenchConfig.builder().scenario(Scenario.UNICAST).login(Login.UPGRADE).build();
        assertThat(upgrade.describe()).containsEntry("login", "upgrade");
        assertThat(Login.parse(" Upgrade")).isEqualTo(Login.UPGRADE);
        assertThatThrownBy(() -> Login.parse("cookie")).isInstanceOf(InvalidConfigException.class)
                .hasMessage("login: cookie (expected: command or upgrade)");
        assertThatThrownBy(() -> nchan().login(Login.UPGRADE).build()).isInstanceOf(InvalidConfigException.class)
                .hasMessage("login: upgrade (expected: command: nchan has no login)");
        assertThatThrownBy(() -> failover().login(Login.UPGRADE).build()).isInstanceOf(InvalidConfigException.class)
                .hasMessage("login: upgrade (expected: command: failover's clients log in with the command)");
    }

    @Test
    void anNchanRunRefusesWhatNchanHasNoCounterpartFor() {
        refusesNchan(b -> b.scenario(Scenario.CLUSTER), "peer: nchan (expected: herald for cluster: nchan runs "
                + "connect, broadcast and unicast)");
        refusesNchan(b -> b.scenario(Scenario.UNICAST).batch(10),
                "batch: 10 (expected: 1 with --peer nchan: it publishes to one channel at a time)");
        refusesNchan(b -> b.scenario(Scenario.BROADCAST).group("room"), "group: room (expected: none with --peer "
                + "nchan: a broadcast goes to the run's one shared channel)");
        refusesNchan(b -> b.ws(URI.create("ws://127.0.0.1:18090/sub")), "ws: ws://127.0.0.1:18090/sub (expected: "
                + "with --peer nchan, one location the channel is appended to, ending in '/', such as "
                + "ws://127.0.0.1:18090/sub/)");
        refusesNchan(b -> b.ws(URI.create("ws://127.0.0.1:18090/sub/?x=1")), "ws: ws://127.0.0.1:18090/sub/?x=1");
        refusesNchan(b -> b.ws(List.of(URI.create("ws://127.0.0.1:18090/sub/"),
                URI.create("ws://127.0.0.1:18091/sub/"))),
                "ws: [ws://127.0.0.1:18090/sub/, ws://127.0.0.1:18091/sub/]");
        refusesNchan(b -> b.api(URI.create("http://127.0.0.1:18090")), "api: http://127.0.0.1:18090 (expected: "
                + "with --peer nchan, one location the channel is appended to, ending in '/', such as "
                + "http://127.0.0.1:18090/pub/)");
        refusesNchan(b -> b.secret("0123456789abcdef0123456789abcdef"),
                "secret: (given) (expected: none with --peer nchan: it has no login)");
        refusesNchan(b -> b.apiKey("k"),
                "apiKey: (given) (expected: none with --peer nchan: its publisher takes no key)");
        refuses(b -> b.peer(null), "peer: null (expected: herald or nchan)");
    }

    @Test
    void readsScenariosByTheirLabel() {
        assertThat(Scenario.parse("Broadcast")).isEqualTo(Scenario.BROADCAST);
        assertThat(Scenario.parse("cluster")).isEqualTo(Scenario.CLUSTER);
        assertThat(Scenario.parse("failover")).isEqualTo(Scenario.FAILOVER);
        assertThatThrownBy(() -> Scenario.parse("mesh")).isInstanceOf(InvalidConfigException.class)
                .hasMessage("scenario: mesh (expected: connect, broadcast, unicast, cluster, failover, upstream or "
                        + "slow-readers)");
    }

    @Test
    void failoverKillsTheSecondNodeAThirdOfTheWayThroughUnlessTold() {
        BenchConfig config = failover().duration(Duration.ofSeconds(60)).build();

        assertThat(config.killAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.killNode()).isEqualTo(2);
        assertThat(config.describe()).containsEntry("killAfter", "PT20S").containsEntry("killNode", 2);
        assertThat(failover().killNode(0).build().killNode()).as("0 kills none").isZero();
    }

    @Test
    void theOtherScenariosTakeNoKill() {
        BenchConfig config = BenchConfig.builder().scenario(Scenario.UNICAST).build();

        assertThat(config.killAfter()).isNull();
        assertThat(config.killNode()).isNull();
        refuses(b -> b.killAfter(Duration.ofSeconds(1)), "killAfter: PT1S (expected: only with the failover scenario)");
        refuses(b -> b.scenario(Scenario.CLUSTER).ws(List.of(URI.create("ws://127.0.0.1:8080/ws"),
                URI.create("ws://127.0.0.1:9080/ws"))).killNode(1),
                "killNode: 1 (expected: only with the failover scenario)");
    }

    @Test
    void failoverRefusesWhatItCannotDo() {
        refusesFailover(b -> b.ws(URI.create("ws://127.0.0.1:8080/ws")).api(URI.create("http://127.0.0.1:8081")),
                "ws: [ws://127.0.0.1:8080/ws] (expected: at least two client addresses, one per node, for failover)");
        refusesFailover(b -> b.api(URI.create("http://127.0.0.1:8081")),
                "api: [http://127.0.0.1:8081] (expected: one per --ws address (3) for failover");
        refusesFailover(b -> b.serverPids(List.of(7L, 8L)), "serverPid: [7, 8] (expected: none, or one per node (3)");
        refusesFailover(b -> b.rate(0), "rate: 0 (expected: > 0 for failover: pushes a second)");
        refusesFailover(b -> b.count(10), "count: 10 (expected: none for failover");
        refusesFailover(b -> b.batch(2), "batch: 2 (expected: 1 for failover");
        refusesFailover(b -> b.group("room"), "group: room (expected: none for failover");
        refusesFailover(b -> b.warmup(Duration.ofSeconds(1)), "warmup: PT1S (expected: 0s for failover)");
        refusesFailover(b -> b.processes(2), "processes: 2 (expected: 0 or 1 for failover");
        refusesFailover(b -> b.killAfter(Duration.ofSeconds(10)),
                "killAfter: PT10S (expected: >= 0 and less than --duration (PT10S))");
        refusesFailover(b -> b.killAfter(Duration.ofSeconds(-1)), "killAfter: PT-1S (expected: >= 0");
        refusesFailover(b -> b.killNode(4), "killNode: 4 (expected: 0 (none) to 3, the nodes)");
        refusesFailover(b -> b.killNode(-1), "killNode: -1 (expected: 0 (none) to 3, the nodes)");
    }

    /** A valid failover run against three nodes, at 50 pushes a second for the default 10 s. */
    private static BenchConfig.Builder failover() {
        return BenchConfig.builder().scenario(Scenario.FAILOVER).rate(50)
                .ws(List.of(URI.create("ws://127.0.0.1:8080/ws"), URI.create("ws://127.0.0.1:8082/ws"),
                        URI.create("ws://127.0.0.1:8084/ws")))
                .api(List.of(URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8083"),
                        URI.create("http://127.0.0.1:8085")));
    }

    private static void refusesFailover(UnaryOperator<BenchConfig.Builder> settings, String message) {
        assertThatThrownBy(() -> settings.apply(failover()).build())
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith(message);
    }

    private static BenchConfig.Builder nchan() {
        return BenchConfig.builder().peer(Peer.NCHAN).ws(URI.create("ws://127.0.0.1:18090/sub/"))
                .api(URI.create("http://127.0.0.1:18090/pub/"));
    }

    private static void refusesNchan(UnaryOperator<BenchConfig.Builder> settings, String message) {
        assertThatThrownBy(() -> settings.apply(nchan()).build())
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith(message);
    }

    private static void refuses(UnaryOperator<BenchConfig.Builder> settings, String message) {
        assertThatThrownBy(() -> settings.apply(BenchConfig.builder()).build())
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith(message);
    }
}
