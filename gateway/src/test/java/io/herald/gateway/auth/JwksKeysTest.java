package io.herald.gateway.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JWKS cache against a real HTTP server, on a clock the test moves (for the rate limit). */
class JwksKeysTest {

    private static final Duration MIN_REFRESH = Duration.ofSeconds(30);
    private static final KeyPair K1 = TestKeys.ec("secp256r1");
    private static final KeyPair K2 = TestKeys.ec("secp256r1");

    private final AtomicLong nanos = new AtomicLong();
    private final JwksServer server = new JwksServer(TestKeys.jwks(TestKeys.jwk(K1, "k1")));
    private final JwksKeys keys = new JwksKeys(server.url(), MIN_REFRESH, Duration.ofMinutes(5),
            Duration.ofSeconds(1), nanos::get);
    private final JsonFactory json = new JsonFactory();
    private final TokenCheckPool pool = new TokenCheckPool(1, 64);
    private final JwtVerifier verifier = new JwtVerifier(null, keys, TokenRules.defaults(Clock.systemUTC(), json),
            json, pool);

    @AfterEach
    void close() {
        verifier.close();
        pool.close();
        server.close();
    }

    @Test
    void aLoginBeforeTheFirstFetchEndsWaitsForIt() throws Exception {
        keys.start();

        assertThat(await(verifier.verifyAsync(token(K1, "k1"), "alice")).uid()).isEqualTo("alice");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void aNewKidIsFetchedOnce() throws Exception {
        started();
        server.serve(TestKeys.jwks(TestKeys.jwk(K1, "k1"), TestKeys.jwk(K2, "k2")));
        nanos.addAndGet(MIN_REFRESH.toNanos());

        assertThat(await(verifier.verifyAsync(token(K2, "k2"), "alice")).uid()).isEqualTo("alice");
        assertThat(await(verifier.verifyAsync(token(K2, "k2"), "alice")).uid()).isEqualTo("alice");
        assertThat(await(verifier.verifyAsync(token(K1, "k1"), "alice")).uid()).isEqualTo("alice");

        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void unknownKidsFetchAtMostOncePerPeriod() throws Exception {
        started();

        // Within the period after the last fetch: refused at once, without a request.
        assertRefused(verifier.verifyAsync(token(K2, "made-up-0"), "alice"), 401,
                "token key id 'made-up-0' is not among the node's keys");
        assertThat(server.requests()).isEqualTo(1);

        nanos.addAndGet(MIN_REFRESH.toNanos());
        List<CompletableFuture<TokenClaims>> many = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            many.add(verifier.verifyAsync(token(K2, "made-up-" + i), "alice").toCompletableFuture());
        }
        for (CompletableFuture<TokenClaims> each : many) {
            assertRefused(each, 401, null);
        }
        assertThat(server.requests()).as("one fetch for the whole burst").isEqualTo(2);
    }

    @Test
    void whenTheServerFailsCachedKeysStillPassAndUnknownOnesAre502() throws Exception {
        started();
        server.status(500);
        nanos.addAndGet(MIN_REFRESH.toNanos());

        assertRefused(verifier.verifyAsync(token(K2, "k2"), "alice"), 502,
                "the keys that sign tokens cannot be fetched");
        assertThat(await(verifier.verifyAsync(token(K1, "k1"), "alice")).uid()).isEqualTo("alice");
        // Retried after a failure sooner than the period, and the server back: the new key is found.
        assertRefused(verifier.verifyAsync(token(K2, "k2"), "alice"), 502, null);
        assertThat(server.requests()).isEqualTo(2);
        server.status(200);
        server.serve(TestKeys.jwks(TestKeys.jwk(K1, "k1"), TestKeys.jwk(K2, "k2")));
        nanos.addAndGet(JwksKeys.RETRY_AFTER_FAILURE.toNanos());

        assertThat(await(verifier.verifyAsync(token(K2, "k2"), "alice")).uid()).isEqualTo("alice");
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void anAnswerThatIsNotAJwksOrTooBigIsAFailure() throws Exception {
        started();
        server.serve("{\"keys\": 7}");
        nanos.addAndGet(MIN_REFRESH.toNanos());
        assertRefused(verifier.verifyAsync(token(K2, "k2"), "alice"), 502, null);

        server.serve("{\"keys\":[]," + "\"padding\":\"" + "x".repeat(JwksKeys.MAX_BYTES) + "\"}");
        nanos.addAndGet(MIN_REFRESH.toNanos());
        assertRefused(verifier.verifyAsync(token(K2, "k2"), "alice"), 502, null);
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void aServerThatIsGoneIsAFailure() throws Exception {
        started();
        server.close();
        nanos.addAndGet(MIN_REFRESH.toNanos());

        assertRefused(verifier.verifyAsync(token(K2, "k2"), "alice"), 502, null);
        assertThat(await(verifier.verifyAsync(token(K1, "k1"), "alice")).uid()).isEqualTo("alice");
    }

    @Test
    void anAnswerThatNeverEndsIsAFailureWithinTheTimeout() throws Exception {
        started();
        server.stall();
        nanos.addAndGet(MIN_REFRESH.toNanos());

        assertRefused(verifier.verifyAsync(token(K2, "k2"), "alice"), 502, null);
        assertThat(await(verifier.verifyAsync(token(K1, "k1"), "alice")).uid()).isEqualTo("alice");
    }

    @Test
    void anOldSetIsFetchedAgainInTheBackground() throws Exception {
        started();
        nanos.addAndGet(Duration.ofMinutes(6).toNanos());

        assertThat(await(verifier.verifyAsync(token(K1, "k1"), "alice")).uid()).isEqualTo("alice");
        // The login went ahead with the set at hand; the fetch it started is the one a refresh now joins.
        await(keys.refresh());
        assertThat(server.requests()).isEqualTo(2);
    }

    private void started() throws Exception {
        keys.start();
        await(keys.refresh());
        assertThat(server.requests()).isEqualTo(1);
    }

    private static String token(KeyPair key, String kid) {
        Instant now = Instant.now();
        return TestKeys.sign(JWSAlgorithm.ES256, key.getPrivate(), kid, new JWTClaimsSet.Builder().subject("alice")
                .expirationTime(Date.from(now.plusSeconds(300))).build());
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void assertRefused(java.util.concurrent.CompletionStage<?> stage, int code, String message) {
        assertThatThrownBy(() -> await(stage)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(LoginRefusedException.class, refused -> {
                    assertThat(refused.code()).isEqualTo(code);
                    if (message != null) {
                        assertThat(refused.getMessage()).isEqualTo(message);
                    }
                });
    }
}
