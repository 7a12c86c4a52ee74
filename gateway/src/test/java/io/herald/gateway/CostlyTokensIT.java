package io.herald.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.herald.gateway.auth.JwtConfig;
import io.herald.gateway.auth.TestKeys;
import io.herald.gateway.upstream.UpstreamConfig;
import io.herald.route.testing.TestHttpServer;
import io.herald.route.testing.TestHttpServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logins with ES256 tokens, whose check costs milliseconds, on a real node started with {@code --jwt-public-key}:
 * they are checked on the node's token pool, off the event loops. A client that writes its login and its first
 * commands in one go gets every reply, in order (with {@code --auth-upstream} too); a login on the upgrade request
 * goes the same way; and while a storm of such logins (or of refreshes) is being checked, a client already logged in
 * on the same node is answered at once.
 */
class CostlyTokensIT {

    private static final KeyPair P256 = TestKeys.ec("secp256r1");
    private static final int STORM = 200;

    @TempDir
    Path dir;
    private GatewayFixture gateway;
    private TestHttpServer backend;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private void start(UnaryOperator<GatewayConfig.Builder> settings) {
        Path pem = TestKeys.pem(dir, P256);
        gateway = GatewayFixture.start(b -> settings.apply(b.secret(null).jwt(JwtConfig.builder().jwtPublicKey(pem)
                .build())));
    }

    @Test
    void aLoginJoinAndHeartbeatWrittenInOneGoAreAnsweredInOrder() {
        start(b -> b);

        try (RawWebSocket alice = gateway.openRaw()) {
            alice.write(loginJoinHeartbeat("alice"));

            assertThat(alice.nextJson()).containsEntry("id", "l1").containsEntry("code", 200);
            assertThat(alice.nextJson()).containsEntry("id", "j1").containsEntry("code", 200);
            assertThat(alice.nextJson()).containsEntry("id", "h1").containsEntry("code", 200);
        }
    }

    @Test
    void withAnAuthUpstreamTooTheyAreAnsweredInOrder() throws InterruptedException {
        backend = new TestHttpServer(request -> new Answer.Http(200, "{\"groups\":[\"room1\",\"room2\"]}"));
        start(b -> b.upstream(UpstreamConfig.builder().authUpstream(URI.create("http://" + backend.address()
                + "/auth")).build()));

        try (RawWebSocket alice = gateway.openRaw()) {
            alice.write(loginJoinHeartbeat("alice"));

            assertThat(alice.nextJson()).containsEntry("id", "l1").containsEntry("code", 200);
            assertThat(alice.nextJson()).containsEntry("id", "j1").containsEntry("code", 200);
            assertThat(alice.nextJson()).containsEntry("id", "h1").containsEntry("code", 200);
        }
        assertThat(backend.requests().poll(5, TimeUnit.SECONDS).body()).as("the token passed first")
                .contains("\"uid\":\"alice\"");
    }

    @Test
    void anUpgradeLoginIsCheckedOffTheLoopAndItsReplyComesFirst() {
        start(b -> b);

        WsClient bob = gateway.track(WsClient.connect(URI.create(gateway.websocketUri() + "?uid=bob&token="
                + es256("bob"))));

        assertThat(bob.next()).containsEntry("cmd", "login").containsEntry("code", 200);
        assertThat(bob.request(Map.of("id", "h1", "cmd", "heartbeat"))).containsEntry("code", 200);
    }

    @Test
    void aLoggedInClientIsAnsweredWhileAStormOfLoginsIsChecked() {
        start(b -> b);
        WsClient alice = gateway.connect();
        assertThat(alice.login("alice", es256("alice"), null)).containsEntry("code", 200);
        List<RawWebSocket> storm = new ArrayList<>();
        List<byte[]> logins = new ArrayList<>();
        try {
            for (int i = 0; i < STORM; i++) {
                storm.add(gateway.openRaw());
                logins.add(RawWebSocket.frame(RawWebSocket.TEXT, RawWebSocket.utf8("{\"id\":\"l1\",\"cmd\":\"login\","
                        + "\"uid\":\"u" + i + "\",\"token\":\"" + es256("u" + i) + "\"}")));
            }
            // Spread over both client loops, half of them share alice's.
            for (int i = 0; i < STORM; i++) {
                storm.get(i).write(logins.get(i));
            }

            assertThat(alice.request(Map.of("id", "h1", "cmd", "heartbeat"))).containsEntry("code", 200);

            long answered = storm.stream().filter(RawWebSocket::hasBytes).count();
            assertThat(answered).as("logins answered when the heartbeat was").isLessThan(STORM);
            for (RawWebSocket client : storm) {
                assertThat(client.nextJson()).containsEntry("id", "l1").containsEntry("code", 200);
            }
        } finally {
            storm.forEach(RawWebSocket::close);
        }
    }

    @Test
    void aHeartbeatWrittenAfterCostlyRefreshesIsNotHeldBehindThem() {
        start(b -> b);
        int refreshes = 50;
        try (RawWebSocket alice = gateway.openRaw()) {
            alice.login("alice", es256("alice"));
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < refreshes; i++) {
                frames.add(text("{\"id\":\"r" + i + "\",\"cmd\":\"refresh\",\"token\":\"" + es256("alice") + "\"}"));
            }
            frames.add(text("{\"id\":\"h1\",\"cmd\":\"heartbeat\"}"));
            alice.write(RawWebSocket.concat(frames.toArray(byte[][]::new)));

            List<Object> ids = new ArrayList<>();
            for (int i = 0; i <= refreshes; i++) {
                Map<String, Object> reply = alice.nextJson();
                assertThat(reply).containsEntry("code", 200);
                ids.add(reply.get("id"));
            }
            // Checked on its loop, each refresh would hold it 2 ms or more, and the heartbeat would come last.
            assertThat(ids.indexOf("h1")).as("the heartbeat's place among the replies").isLessThan(refreshes);
        }
    }

    private static byte[] loginJoinHeartbeat(String uid) {
        return RawWebSocket.concat(
                text("{\"id\":\"l1\",\"cmd\":\"login\",\"uid\":\"" + uid + "\",\"token\":\"" + es256(uid) + "\"}"),
                text("{\"id\":\"j1\",\"cmd\":\"join\",\"group\":\"room1\"}"),
                text("{\"id\":\"h1\",\"cmd\":\"heartbeat\"}"));
    }

    private static byte[] text(String json) {
        return RawWebSocket.frame(RawWebSocket.TEXT, RawWebSocket.utf8(json));
    }

    private static String es256(String uid) {
        return TestKeys.sign(JWSAlgorithm.ES256, P256.getPrivate(), null, new JWTClaimsSet.Builder().subject(uid)
                .claim("groups", List.of("room1")).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(3600))).build());
    }
}
