package io.herald.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.herald.gateway.auth.JwtConfig;
import io.herald.gateway.auth.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Logins with RS256 tokens on a real node started with {@code --jwt-public-key} (a PEM file), from real WebSocket
 * clients: by command and on the upgrade request; refused with 401 and 4001 for a token signed otherwise (an HMAC
 * token made with the public key, alg none), one not valid yet past the leeway, or one for another audience or
 * issuer; and the node serves everyone else meanwhile.
 */
class PublicKeyTokensIT {

    private static final KeyPair RSA = TestKeys.rsa();

    @TempDir
    Path dir;
    private GatewayFixture gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start(UnaryOperator<JwtConfig.Builder> jwt) {
        Path pem = TestKeys.pem(dir, RSA);
        gateway = GatewayFixture.start(b -> b.secret(null).jwt(jwt.apply(JwtConfig.builder().jwtPublicKey(pem))
                .build()));
    }

    @Test
    void logsInWithRs256ByCommandAndOnTheUpgrade() {
        start(jwt -> jwt);

        WsClient alice = gateway.connect();
        assertThat(alice.login("alice", rs256(claims("alice").claim("groups", List.of("room1"))), null))
                .containsEntry("code", 200);
        assertThat(alice.request(Map.of("id", "1", "cmd", "join", "group", "room1"))).containsEntry("code", 200);

        WsClient bob = gateway.track(WsClient.connect(URI.create(gateway.websocketUri() + "?uid=bob&token="
                + rs256(claims("bob")))));
        assertThat(bob.next()).containsEntry("cmd", "login").containsEntry("code", 200);
    }

    @Test
    void refusesAnHmacTokenMadeWithThePublicKeyAndAlgNone() throws JOSEException {
        start(jwt -> jwt);
        WsClient alice = gateway.connect();
        alice.login("alice", rs256(claims("alice")), null);
        SignedJWT confused = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("mallory").build());
        confused.sign(new MACSigner(RSA.getPublic().getEncoded()));

        assertRefused("mallory", confused.serialize(), "token algorithm HS256 is not accepted");
        String[] signed = rs256(claims("mallory")).split("\\.");
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        assertRefused("mallory", none + "." + signed[1] + ".", "token is not a signed JWT");
        assertThat(upgradeStatus("uid=mallory&token=" + confused.serialize())).isEqualTo(401);

        assertThat(alice.request(Map.of("id", "1", "cmd", "heartbeat"))).as("everyone else is served")
                .containsEntry("code", 200);
    }

    @Test
    void nbfInTheFutureIsRefusedWithinTheLeewayAccepted() {
        start(jwt -> jwt.jwtLeeway(java.time.Duration.ofSeconds(30)));

        assertRefused("alice", rs256(claims("alice").notBeforeTime(Date.from(Instant.now().plusSeconds(120)))),
                "token is not valid yet");
        WsClient alice = gateway.connect();
        assertThat(alice.login("alice", rs256(claims("alice").notBeforeTime(Date.from(Instant.now()
                .plusSeconds(10)))), null)).containsEntry("code", 200);
    }

    @Test
    void checksAudienceAndIssuerWhereSet() {
        start(jwt -> jwt.jwtAudience("herald").jwtIssuer("https://auth.example.com/"));

        WsClient alice = gateway.connect();
        assertThat(alice.login("alice", rs256(claims("alice").audience(List.of("api", "herald"))
                .issuer("https://auth.example.com/")), null)).containsEntry("code", 200);
        assertRefused("bob", rs256(claims("bob").audience("api").issuer("https://auth.example.com/")),
                "token audience is not accepted (expected: herald)");
        assertRefused("bob", rs256(claims("bob").audience("herald").issuer("https://evil.example.com/")),
                "token issuer is not accepted (expected: https://auth.example.com/)");
    }

    private void assertRefused(String uid, String token, String why) {
        WsClient client = gateway.connect();
        Map<String, Object> reply = client.tryLogin(uid, token, null);
        assertThat(reply).containsEntry("code", 401);
        assertThat((String) reply.get("msg")).startsWith(why);
        assertThat(client.awaitClose()).isEqualTo(4001);
    }

    private int upgradeStatus(String query) {
        Throwable refused = catchThrowable(() -> WsClient.connectAsync(URI.create(gateway.websocketUri() + "?"
                + query)).join());
        assertThat(refused).cause().isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }

    private static JWTClaimsSet.Builder claims(String uid) {
        return new JWTClaimsSet.Builder().subject(uid).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)));
    }

    private static String rs256(JWTClaimsSet.Builder claims) {
        return TestKeys.sign(JWSAlgorithm.RS256, RSA.getPrivate(), null, claims.build());
    }
}
