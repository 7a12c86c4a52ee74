package io.herald.bench;

import io.herald.bench.load.BenchTls;
import io.herald.bench.load.NchanChannels;
import io.herald.bench.load.Login;
import io.herald.bench.load.Peer;
import io.herald.bench.load.SourceAddresses;
import io.herald.bench.worker.ClientPlan;
import io.herald.codec.InvalidConfigException;
import io.herald.codec.TokenMinter;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import static io.herald.codec.InvalidConfigException.requireAtLeast;
import static io.herald.codec.InvalidConfigException.requirePositive;

/**
 * The settings of one run. Immutable, and valid: its constructor checks every setting and fails fast with an
 * {@link InvalidConfigException} naming the setting, the bad value and what was expected, so that no instance
 * holds a bad one. {@link Builder} collects the settings from the defaults of {@code herald bench --help}.
 *
 * @param scenario         what the run does once its connections are logged in
 * @param connections      how many WebSocket connections to open and log in, one user each
 * @param rate             operations per second: connections for {@code connect}, pushes otherwise; 0 is as fast
 *                         as the node takes them
 * @param duration         how long {@code connect} holds its connections idle, or how long the others push
 * @param count            how many pushes to send instead of pushing for {@code duration}; 0 for none
 * @param payloadSizeBytes the size of each push's {@code data} (its send time, padded)
 * @param httpConcurrency  how many keep-alive HTTP connections push, each with one request in flight
 * @param batch            users per unicast push: 1 sends {@code uid}, more send {@code uids}
 * @param group            the group broadcasts go to, which every connection joins; empty is everyone
 * @param warmup           how long to push before measuring; its pushes are checked but not measured
 * @param ws               the client addresses, {@code ws://host:port/ws} ({@code wss://} for TLS, whose
 *                         certificate is not checked: {@link BenchTls}), one per node: connections are spread
 *                         over them in turn
 * @param api              the API addresses, {@code http://host:port} ({@code https://} for TLS): pushes go
 *                         through the first; each is
 *                         sampled for its node's CPU and memory. The i-th of {@code ws}, {@code api} and
 *                         {@code serverPids} belong to the same node
 * @param apiKey           the node's API key, where it has one
 * @param secret           the node's HS256 secret, to mint real tokens; empty sends any token (development mode)
 * @param sourceAddresses  local addresses the connections are spread over; empty lets the system choose
 * @param serverPids       the nodes' process ids, for their CPU and memory; empty looks them up from the API
 *                         ports
 * @param processes        client processes that hold the connections: 1 is this one, more are worker processes
 *                         this one starts; 0 chooses from the open-file limit
 * @param clusterPush      what {@code cluster} pushes: {@code unicast} (with {@code batch}) or {@code broadcast}
 *                         (with {@code group}); null, for {@code cluster}, is unicast; null for the other scenarios,
 *                         which take no such setting
 * @param killAfter        when {@code failover} kills a node, after its pushes began; null, for {@code failover}, is a
 *                         third of {@code duration}; null for the other scenarios
 * @param killNode         which node {@code failover} kills and restarts, counting from 1 in the order of {@code ws};
 *                         0 kills none; null, for {@code failover}, is the second; null for the other scenarios
 * @param peer             the server loaded: Herald, or nginx with nchan ({@code connect}, {@code broadcast} and
 *                         single-user {@code unicast} only; no login, no group, no key). Against nchan {@code ws}
 *                         and {@code api} are one subscriber and one publisher location, each ending in {@code /}
 *                         (the channel is appended: {@link NchanChannels}), and {@code serverPids} are the
 *                         processes of that one server, nginx's master and its workers, added up
 * @param connectRate      connections a second that the scenarios that push ({@code unicast}, {@code broadcast},
 *                         {@code cluster}) open before they push; 0 is as fast as the nodes take them ({@code connect}
 *                         takes {@code rate})
 * @param login            how Herald's connections log in: the {@code login} command, or on the upgrade request
 *                         ({@code /ws?uid=…&token=…}); not with nchan, nor failover (its clients send the command)
 * @param profile          a directory for flame graphs of the nodes' CPU over the measured phases (async-profiler
 *                         attached to each node's JVM: {@link io.herald.bench.measure.NodeProfiler}); not with nchan
 *                         nor failover
 * @param upstreamUrl      for {@code upstream}, where its echo upstream listens (the node's {@code --upstream}); empty
 *                         for the other scenarios
 * @param slowReaders      for {@code slow-readers}, how many connections stop reading once logged in, besides the
 *                         {@code connections} that read; null for the other scenarios
 */
public record BenchConfig(
        Scenario scenario, int connections, int rate, Duration duration, long count, int payloadSizeBytes,
        int httpConcurrency, int batch, Optional<String> group, Duration warmup, List<URI> ws, List<URI> api,
        Optional<String> apiKey, Optional<String> secret, List<InetAddress> sourceAddresses, List<Long> serverPids,
        int processes, Scenario clusterPush, Duration killAfter, Integer killNode, Peer peer,
        int connectRate, Login login, Optional<Path> profile, Optional<URI> upstreamUrl, Integer slowReaders) {

    /** The most users one {@code uids} push may name (the node's limit). */
    public static final int MAX_BATCH = 10_000;

    /** The most client processes a run may start (the limit of the plan that starts them). */
    public static final int MAX_PROCESSES = ClientPlan.MAX_PROCESSES;

    /** Checks every setting in the order of {@code herald bench}'s flags, and copies the lists. */
    public BenchConfig {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(sourceAddresses, "sourceAddresses");
        Objects.requireNonNull(serverPids, "serverPids");
        if (scenario == null) {
            throw new InvalidConfigException("scenario", null, Scenario.LABELS);
        }
        if (peer == null) {
            throw new InvalidConfigException("peer", null, Peer.LABELS);
        }
        if (login == null) {
            throw new InvalidConfigException("login", null, Login.LABELS);
        }
        Objects.requireNonNull(profile, "profile");
        if (profile.isPresent() && (peer == Peer.NCHAN || scenario == Scenario.FAILOVER)) {
            throw new InvalidConfigException("profile", profile.get(), peer == Peer.NCHAN
                    ? "none: nchan is not a JVM that async-profiler attaches to"
                    : "none: failover kills and restarts its nodes");
        }
        if (login == Login.UPGRADE && (peer == Peer.NCHAN || scenario == Scenario.FAILOVER)) {
            throw new InvalidConfigException("login", login.label(), peer == Peer.NCHAN
                    ? "command: nchan has no login" : "command: failover's clients log in with the command");
        }
        positive("connections", connections);
        requireAtLeast("rate", rate, 0);
        requirePositive("duration", duration);
        requireAtLeast("count", count, 0);
        requireAtLeast("payloadSizeBytes", payloadSizeBytes, 0);
        positive("httpConcurrency", httpConcurrency);
        batch(batch, connections);
        if (group.isPresent() && group.get().isEmpty()) {
            throw new InvalidConfigException("group", "''", "a group name");
        }
        if (warmup == null || warmup.isNegative()) {
            throw new InvalidConfigException("warmup", warmup, ">= 0");
        }
        addresses("ws", ws, "ws");
        addresses("api", api, "http");
        if (scenario == Scenario.FAILOVER && Stream.concat(ws.stream(), api.stream()).anyMatch(BenchTls::secure)) {
            throw new InvalidConfigException("ws", ws, "ws:// and http:// addresses for failover, which restarts "
                    + "its nodes and asks their health over plain HTTP");
        }
        if (peer == Peer.NCHAN) {
            NchanSettings.check(scenario, batch, group, ws, api, apiKey, secret);
        } else {
            nodes(scenario, ws, api, serverPids);
        }
        secret.ifPresent(s -> TokenMinter.requireSecret("secret", s));
        pids(serverPids);
        processes(processes, connections);
        clusterPush = clusterPush(scenario, clusterPush);
        if (scenario == Scenario.FAILOVER) {
            FailoverSettings.check(rate, count, batch, group, warmup, ws, api, serverPids, processes);
            killAfter = FailoverSettings.killAfter(killAfter, duration);
            killNode = FailoverSettings.killNode(killNode, ws.size());
        } else {
            FailoverSettings.none(killAfter, killNode);
        }
        connectRate(scenario, connectRate);
        upstreamUrl = UpstreamSettings.check(scenario, upstreamUrl, rate, count, batch, group, peer, processes);
        slowReaders = SlowReaderSettings.check(scenario, slowReaders, rate, count, batch, group, peer, ws, processes);
        ws = List.copyOf(ws);
        api = List.copyOf(api);
        sourceAddresses = List.copyOf(sourceAddresses);
        serverPids = List.copyOf(serverPids);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether pushing stops after {@link #count()} pushes rather than after {@link #duration()}. */
    boolean counted() {
        return count > 0;
    }

    /** Whether the pushes are broadcasts: {@code broadcast}, or {@code cluster} with {@code --push broadcast}. */
    boolean broadcasts() {
        return scenario == Scenario.BROADCAST || scenario == Scenario.CLUSTER && clusterPush == Scenario.BROADCAST;
    }

    /** The API the pushes go through: the first. */
    URI pushApi() {
        return api.get(0);
    }

    /** The settings as they go into a result, secrets left out (only whether they were given). */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario.label());
        m.put("peer", peer.label());
        m.put("login", login.label());
        m.put("profile", profile.map(Path::toString).orElse(null));
        m.put("connections", connections);
        m.put("rate", rate);
        m.put("duration", duration.toString());
        m.put("count", count);
        m.put("payloadSizeBytes", payloadSizeBytes);
        m.put("httpConcurrency", httpConcurrency);
        m.put("batch", batch);
        m.put("group", group.orElse(null));
        m.put("warmup", warmup.toString());
        m.put("ws", ws.stream().map(URI::toString).toList());
        m.put("api", api.stream().map(URI::toString).toList());
        m.put("apiKey", apiKey.isPresent());
        m.put("secret", secret.isPresent());
        m.put("sourceAddresses", sourceAddresses.stream().map(InetAddress::getHostAddress).toList());
        m.put("serverPids", serverPids);
        m.put("processes", processes);
        m.put("push", scenario == Scenario.CLUSTER ? clusterPush.label() : null);
        m.put("killAfter", killAfter == null ? null : killAfter.toString());
        m.put("killNode", killNode);
        m.put("connectRate", connectRate);
        m.put("upstreamUrl", upstreamUrl.map(URI::toString).orElse(null));
        m.put("slowReaders", slowReaders);
        return m;
    }

    /**
     * Collects the settings of a {@link BenchConfig}, from the defaults of {@code herald bench --help}; {@link #build}
     * hands them to the record's constructor, which checks them. Not thread-safe.
     */
    public static final class Builder {
        private Scenario scenario = Scenario.CONNECT;
        private int connections = 1000;
        private int rate;
        private Duration duration = Duration.ofSeconds(10);
        private long count;
        private int payloadSizeBytes = 64;
        private int httpConcurrency = 8;
        private int batch = 1;
        private String group;
        private Duration warmup = Duration.ZERO;
        private List<URI> ws = List.of(URI.create("ws://127.0.0.1:8080/ws"));
        private List<URI> api = List.of(URI.create("http://127.0.0.1:8081"));
        private String apiKey;
        private String secret;
        private List<InetAddress> sourceAddresses = List.of();
        private List<Long> serverPids = List.of();
        private int processes;
        private Scenario clusterPush;
        private Duration killAfter;
        private Integer killNode;
        private Peer peer = Peer.HERALD;
        private int connectRate;
        private Login login = Login.COMMAND;
        private Path profile;
        private URI upstreamUrl;
        private Integer slowReaders;

        private Builder() {
        }

        public Builder scenario(Scenario scenario) {
            this.scenario = scenario;
            return this;
        }

        public Builder connections(int connections) {
            this.connections = connections;
            return this;
        }

        public Builder rate(int rate) {
            this.rate = rate;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder count(long count) {
            this.count = count;
            return this;
        }

        public Builder payloadSizeBytes(int payloadSizeBytes) {
            this.payloadSizeBytes = payloadSizeBytes;
            return this;
        }

        public Builder httpConcurrency(int httpConcurrency) {
            this.httpConcurrency = httpConcurrency;
            return this;
        }

        public Builder batch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder warmup(Duration warmup) {
            this.warmup = warmup;
            return this;
        }

        public Builder ws(URI ws) {
            return ws(Collections.singletonList(ws));
        }

        /** Several nodes' client addresses; connections are spread over them in turn. */
        public Builder ws(List<URI> ws) {
            this.ws = ws;
            return this;
        }

        public Builder api(URI api) {
            return api(Collections.singletonList(api));
        }

        /** Several nodes' API addresses; pushes go through the first. */
        public Builder api(List<URI> api) {
            this.api = api;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        /** Addresses and ranges, comma-separated: {@code 127.0.0.1-127.0.0.8,10.0.0.5}; null or empty for none. */
        public Builder sourceAddresses(String spec) {
            this.sourceAddresses = spec == null ? List.of() : SourceAddresses.parse(spec);
            return this;
        }

        public Builder serverPid(long serverPid) {
            return serverPids(serverPid == 0 ? List.of() : List.of(serverPid));
        }

        /** The nodes' process ids, in the order of their addresses; empty or null to look them up. */
        public Builder serverPids(List<Long> serverPids) {
            this.serverPids = serverPids == null ? List.of() : serverPids;
            return this;
        }

        /** Client processes: 0 (the default) chooses from the open-file limit, 1 is this one alone. */
        public Builder processes(int processes) {
            this.processes = processes;
            return this;
        }

        /** What {@code cluster} pushes: {@link Scenario#UNICAST} (the default) or {@link Scenario#BROADCAST}. */
        public Builder clusterPush(Scenario clusterPush) {
            this.clusterPush = clusterPush;
            return this;
        }

        /** When {@code failover} kills a node after its pushes began; null (the default) is a third of the duration. */
        public Builder killAfter(Duration killAfter) {
            this.killAfter = killAfter;
            return this;
        }

        /** Which node {@code failover} kills, from 1 in the order of the addresses; 0 none; null (default): the 2nd. */
        public Builder killNode(Integer killNode) {
            this.killNode = killNode;
            return this;
        }

        /** The server loaded: {@link Peer#HERALD} (the default) or {@link Peer#NCHAN}. */
        public Builder peer(Peer peer) {
            this.peer = peer;
            return this;
        }

        /** How Herald's connections log in: {@link Login#COMMAND} (the default) or {@link Login#UPGRADE}. */
        public Builder login(Login login) {
            this.login = login;
            return this;
        }

        /** Where the nodes' CPU profiles of the measured phases go; null (default) for none. */
        public Builder profile(Path profile) {
            this.profile = profile;
            return this;
        }

        /** Connections a second before the pushes of unicast, broadcast and cluster; 0 (default) as fast as taken. */
        public Builder connectRate(int connectRate) {
            this.connectRate = connectRate;
            return this;
        }

        /** Where the upstream scenario's echo upstream listens; null for its default. */
        public Builder upstreamUrl(URI upstreamUrl) {
            this.upstreamUrl = upstreamUrl;
            return this;
        }

        /** How many connections slow-readers has stop reading; null for its default. */
        public Builder slowReaders(Integer slowReaders) {
            this.slowReaders = slowReaders;
            return this;
        }

        /** The settings collected; see the record's constructor for what it refuses. */
        public BenchConfig build() {
            return new BenchConfig(scenario, connections, rate, duration, count, payloadSizeBytes, httpConcurrency,
                    batch, Optional.ofNullable(group), warmup, ws, api, Optional.ofNullable(apiKey),
                    Optional.ofNullable(secret), sourceAddresses, serverPids, processes, clusterPush, killAfter,
                    killNode, peer, connectRate, login, Optional.ofNullable(profile), Optional.ofNullable(upstreamUrl),
                    slowReaders);
        }
    }

    private static void positive(String setting, long value) {
        if (value <= 0) {
            throw new InvalidConfigException(setting, value, "> 0");
        }
    }

    private static void batch(int batch, int connections) {
        if (batch < 1 || batch > MAX_BATCH) {
            throw new InvalidConfigException("batch", batch, "1 to " + MAX_BATCH);
        }
        if (batch > connections) {
            throw new InvalidConfigException("batch", batch, "at most --connections (" + connections + ")");
        }
    }

    /** Addresses of {@code scheme}, or of its TLS form ({@code wss}, {@code https}: {@link BenchTls}). */
    private static void addresses(String setting, List<URI> uris, String scheme) {
        if (uris == null || uris.isEmpty()) {
            throw new InvalidConfigException(setting, uris, "at least one address");
        }
        for (URI uri : uris) {
            if (uri == null || !(scheme.equals(uri.getScheme()) || (scheme + "s").equals(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new InvalidConfigException(setting, uri, "an address such as " + scheme + "://127.0.0.1:8080"
                        + ("ws".equals(scheme) ? "/ws" : "") + " (" + scheme + " or " + scheme + "s only)");
            }
        }
    }

    /** A cluster run targets at least two nodes; the lists of addresses and pids pair up node by node. */
    private static void nodes(Scenario scenario, List<URI> ws, List<URI> api, List<Long> serverPids) {
        if (scenario == Scenario.CLUSTER && ws.size() < 2) {
            throw new InvalidConfigException("ws", ws, "at least two client addresses, one per node, for cluster");
        }
        if (api.size() > 1 && api.size() != ws.size()) {
            throw new InvalidConfigException("api", api, "one address, or one per --ws address (" + ws.size() + ")");
        }
        if (serverPids.size() > Math.max(ws.size(), api.size())) {
            throw new InvalidConfigException("serverPid", serverPids, "at most one per node");
        }
    }

    private static void pids(List<Long> serverPids) {
        for (Long pid : serverPids) {
            if (pid == null || pid <= 0) {
                throw new InvalidConfigException("serverPid", serverPids, "process ids > 0");
            }
        }
    }

    private static void processes(int processes, int connections) {
        if (processes < 0 || processes > MAX_PROCESSES) {
            throw new InvalidConfigException("processes", processes, "0 (automatic) to " + MAX_PROCESSES);
        }
        if (processes > connections) {
            throw new InvalidConfigException("processes", processes, "at most --connections (" + connections + ")");
        }
    }

    /** A connect rate, for the scenarios that connect before they push: connect takes rate, failover its own. */
    private static void connectRate(Scenario scenario, int connectRate) {
        requireAtLeast("connectRate", connectRate, 0);
        if (connectRate > 0 && (scenario == Scenario.CONNECT || scenario == Scenario.FAILOVER)) {
            throw new InvalidConfigException("connectRate", connectRate,
                    "only with unicast, broadcast, cluster or upstream (connect takes rate)");
        }
    }

    /** What cluster pushes, unicast unless told; the other scenarios take no such setting (null). */
    private static Scenario clusterPush(Scenario scenario, Scenario clusterPush) {
        if (scenario != Scenario.CLUSTER) {
            if (clusterPush != null) {
                throw new InvalidConfigException("push", clusterPush.label(), "only with the cluster scenario");
            }
            return null;
        }
        if (clusterPush == null) {
            return Scenario.UNICAST;
        }
        if (clusterPush != Scenario.UNICAST && clusterPush != Scenario.BROADCAST) {
            throw new InvalidConfigException("push", clusterPush.label(), "unicast or broadcast");
        }
        return clusterPush;
    }
}
