package io.herald.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.herald.gateway.auth.JwksServer;
import io.herald.gateway.auth.JwtConfig;
import io.herald.gateway.auth.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Logins with ES256 tokens on a real node started with {@code --jwks}, served by a real HTTP server on 127.0.0.1:
 * a key that appears in the set (rotation) is fetched once, for a login command and for a login on the upgrade
 * request alike, while the logins wait; key ids that are not in the set are refused 401 without a fetch each; and a
 * key server that is down refuses what it alone could allow with 502, while the node serves everyone else.
 */
class JwksTokensIT {

    private static final KeyPair K1 = TestKeys.ec("secp256r1");
    private static final KeyPair K2 = TestKeys.ec("secp256r1");

    private final JwksServer keys = new JwksServer(TestKeys.jwks(TestKeys.jwk(K1, "k1")));
    private GatewayFixture gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        keys.close();
    }

    private void start(Duration minRefresh, boolean secretToo) {
        gateway = GatewayFixture.start(b -> (secretToo ? b : b.secret(null))
                .jwt(JwtConfig.builder().jwks(keys.url()).jwksMinRefresh(minRefresh).build()));
    }

    @Test
    void aNewKeyIsFetchedOnceForCommandAndUpgradeLogins() {
        start(Duration.ZERO, false);
        WsClient alice = gateway.connect();
        assertThat(alice.login("alice", es256(K1, "k1", "alice"), null)).containsEntry("code", 200);
        assertThat(keys.requests()).as("the fetch at start").isEqualTo(1);

        keys.serve(TestKeys.jwks(TestKeys.jwk(K1, "k1"), TestKeys.jwk(K2, "k2")));
        WsClient bob = gateway.connect();
        assertThat(bob.login("bob", es256(K2, "k2", "bob"), null)).containsEntry("code", 200);
        assertThat(keys.requests()).isEqualTo(2);

        WsClient carol = gateway.track(WsClient.connect(URI.create(gateway.websocketUri() + "?uid=carol&token="
                + es256(K2, "k2", "carol"))));
        assertThat(carol.next()).containsEntry("cmd", "login").containsEntry("code", 200);
        assertThat(keys.requests()).as("the new key is cached").isEqualTo(2);
    }

    @Test
    void aLoginOnTheUpgradeWaitsForTheFetchOfItsKey() {
        start(Duration.ZERO, false);
        assertThat(gateway.connect().login("alice", es256(K1, "k1", "alice"), null)).containsEntry("code", 200);
        keys.serve(TestKeys.jwks(TestKeys.jwk(K2, "k2")));

        WsClient bob = gateway.track(WsClient.connect(URI.create(gateway.websocketUri() + "?uid=bob&token="
                + es256(K2, "k2", "bob"))));

        assertThat(bob.next()).containsEntry("cmd", "login").containsEntry("code", 200);
        assertThat(keys.requests()).isEqualTo(2);
    }

    @Test
    void unknownKeyIdsAreRefusedWithoutAFetchEach() {
        start(Duration.ofHours(1), false);
        WsClient alice = gateway.connect();
        assertThat(alice.login("alice", es256(K1, "k1", "alice"), null)).containsEntry("code", 200);

        for (int i = 0; i < 20; i++) {
            WsClient stranger = gateway.connect();
            Map<String, Object> reply = stranger.tryLogin("mallory", es256(K2, "made-up-" + i, "mallory"), null);
            assertThat(reply).containsEntry("code", 401)
                    .containsEntry("msg", "token key id 'made-up-" + i + "' is not among the node's keys");
            assertThat(stranger.awaitClose()).isEqualTo(4001);
        }
        assertThat(upgradeStatus("uid=mallory&token=" + es256(K2, "made-up", "mallory"))).isEqualTo(401);

        assertThat(keys.requests()).as("only the fetch at start").isEqualTo(1);
        assertThat(alice.request(Map.of("id", "1", "cmd", "heartbeat"))).containsEntry("code", 200);
    }

    @Test
    void aKeyServerThatIsDownRefusesWhatItAloneCouldAllowWith502() {
        keys.status(503);
        start(Duration.ofSeconds(30), true);

        WsClient alice = gateway.connect();
        Map<String, Object> reply = alice.tryLogin("alice", es256(K1, "k1", "alice"), null);
        assertThat(reply).containsEntry("code", 502).containsEntry("msg", "the keys that sign tokens cannot be fetched");
        assertThat(alice.awaitClose()).isEqualTo(4001);
        assertThat(upgradeStatus("uid=alice&token=" + es256(K1, "k1", "alice"))).isEqualTo(502);

        WsClient bob = gateway.connect();
        assertThat(bob.login("bob", gateway.token("bob"), null)).as("HS256 against the secret meanwhile")
                .containsEntry("code", 200);
    }

    private int upgradeStatus(String query) {
        Throwable refused = catchThrowable(() -> WsClient.connectAsync(URI.create(gateway.websocketUri() + "?"
                + query)).join());
        assertThat(refused).cause().isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }

    private static String es256(KeyPair key, String kid, String uid) {
        return TestKeys.sign(JWSAlgorithm.ES256, key.getPrivate(), kid, new JWTClaimsSet.Builder().subject(uid)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600))).build());
    }
}
