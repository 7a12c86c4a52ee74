package io.herald.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.herald.gateway.upstream.UpstreamConfig;
import io.herald.route.testing.TestHttpServer;
import io.herald.route.testing.TestHttpServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token expiry and {@code refresh} on a real node with real WebSocket clients: a connection is closed with 4001 when
 * its token expires (reported as {@code unauthorized} to {@code --events}) unless it refreshed it first; a refused
 * refresh is 401 and leaves the old expiry in force; the new token's groups replace the old. The short-lived tokens
 * expire in about two seconds, and the tests wait for the close itself, never for time to pass.
 */
class TokenRefreshIT {

    private TestHttpServer backend;
    private GatewayFixture gateway;

    @BeforeEach
    void start() throws InterruptedException {
        backend = new TestHttpServer(request -> new Answer.Http(200, "{}"));
        gateway = GatewayFixture.start(b -> b.events(URI.create("http://" + backend.address() + "/events")));
    }

    @AfterEach
    void stop() {
        gateway.close();
        backend.close();
    }

    @Test
    void aConnectionIsClosedWith4001WhenItsTokenExpires() throws InterruptedException {
        WsClient alice = gateway.connect();
        alice.login("alice", token("alice", Instant.now().plusSeconds(2)), null);

        assertThat(alice.awaitClose()).isEqualTo(4001);

        Map<String, Object> disconnect = event("disconnect");
        assertThat(disconnect).containsEntry("uid", "alice").containsEntry("conn", alice.conn())
                .containsEntry("code", 4001).containsEntry("reason", "unauthorized");
    }

    @Test
    void aRefreshedConnectionOutlivesItsFirstToken() {
        Instant expiry = Instant.now().plusSeconds(2);
        WsClient alice = gateway.connect();
        alice.login("alice", token("alice", expiry), null);
        // A witness whose token ends a second after alice's first one did.
        WsClient bob = gateway.connect();
        bob.login("bob", token("bob", expiry.plusSeconds(1)), null);

        assertThat(alice.request(Map.of("id", "4", "cmd", "refresh", "token",
                token("alice", Instant.now().plusSeconds(3600))))).containsEntry("id", "4")
                .containsEntry("cmd", "refresh").containsEntry("code", 200);

        assertThat(bob.awaitClose()).isEqualTo(4001);
        assertThat(alice.request(Map.of("id", "5", "cmd", "heartbeat"))).containsEntry("code", 200);
        assertThat(alice.closed()).isFalse();
    }

    @Test
    void aRefusedRefreshIs401AndTheOldTokenStillEndsTheConnection() {
        WsClient alice = gateway.connect();
        alice.login("alice", token("alice", Instant.now().plusSeconds(2)), null);

        assertThat(alice.request(Map.of("id", "1", "cmd", "refresh", "token", "not a token")))
                .containsEntry("code", 401).containsEntry("msg", "token is not a signed JWT");
        assertThat(alice.request(Map.of("id", "2", "cmd", "refresh", "token",
                token("mallory", Instant.now().plusSeconds(3600))))).containsEntry("code", 401)
                .containsEntry("msg", "token subject does not match uid");
        assertThat(alice.request(Map.of("id", "3", "cmd", "refresh", "token",
                token("alice", Instant.now().minusSeconds(3600))))).containsEntry("code", 401)
                .containsEntry("msg", "token expired");
        assertThat(alice.request(Map.of("id", "4", "cmd", "refresh"))).as("no token")
                .containsEntry("code", 400);

        assertThat(alice.awaitClose()).isEqualTo(4001);
    }

    @Test
    void aRefreshBeforeLoginIs401() {
        WsClient client = gateway.connect();

        assertThat(client.request(Map.of("id", "1", "cmd", "refresh", "token", gateway.token("alice"))))
                .containsEntry("code", 401).containsEntry("msg", "login required");
        assertThat(client.login("alice", gateway.token("alice"), null)).containsEntry("code", 200);
    }

    @Test
    void theNewTokensGroupsReplaceTheOldForLaterJoins() {
        WsClient alice = gateway.login("alice", "room1");

        assertThat(alice.request(Map.of("id", "1", "cmd", "refresh", "token", gateway.token("alice", "room2"))))
                .containsEntry("code", 200);

        assertThat(alice.request(Map.of("id", "2", "cmd", "join", "group", "room2"))).containsEntry("code", 200);
        assertThat(alice.request(Map.of("id", "3", "cmd", "join", "group", "room1"))).containsEntry("code", 403);
    }

    @Test
    void aLoginOnTheUpgradeEndsAtItsTokensExpiryToo() {
        WsClient alice = gateway.track(WsClient.connect(URI.create(gateway.websocketUri() + "?uid=alice&token="
                + token("alice", Instant.now().plusSeconds(2)))));
        assertThat(alice.next()).containsEntry("cmd", "login").containsEntry("code", 200);

        assertThat(alice.awaitClose()).isEqualTo(4001);
    }

    @Test
    void withAnAuthUpstreamTheTokenStillExpiresAndARefreshKeepsTheGroupsItGave() {
        gateway.close();
        backend.answer(request -> new Answer.Http(200, request.path().startsWith("/auth")
                ? "{\"groups\":[\"room1\"]}" : "{}"));
        gateway = GatewayFixture.start(b -> b.upstream(UpstreamConfig.builder()
                .authUpstream(URI.create("http://" + backend.address() + "/auth")).build()));
        WsClient alice = gateway.connect();
        alice.login("alice", token("alice", Instant.now().plusSeconds(2)), null);

        assertThat(alice.request(Map.of("id", "1", "cmd", "refresh", "token",
                token("alice", Instant.now().plusSeconds(2), "room2")))).containsEntry("code", 200);
        assertThat(alice.request(Map.of("id", "2", "cmd", "join", "group", "room1"))).containsEntry("code", 200);
        assertThat(alice.request(Map.of("id", "3", "cmd", "join", "group", "room2"))).containsEntry("code", 403);

        assertThat(alice.awaitClose()).isEqualTo(4001);
    }

    /** An HS256 token of the node's secret for {@code uid}, expiring at {@code exp}, allowing {@code groups}. */
    private static String token(String uid, Instant exp, String... groups) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(uid)
                .issueTime(new Date()).expirationTime(Date.from(exp)).claim("groups", List.of(groups)).build());
        try {
            jwt.sign(new MACSigner(GatewayFixture.SECRET.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The next event of kind {@code kind} the node posted to the backend. */
    private Map<String, Object> event(String kind) throws InterruptedException {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            TestHttpServer.Request request = backend.requests().poll(
                    deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (request == null) {
                break;
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> batch = (List<Map<String, Object>>) JsonTree.parseObject(request.body())
                    .get("events");
            for (Map<String, Object> event : batch) {
                if (kind.equals(event.get("event"))) {
                    return event;
                }
            }
        }
        throw new AssertionError("no " + kind + " event within " + WsClient.WAIT);
    }
}
