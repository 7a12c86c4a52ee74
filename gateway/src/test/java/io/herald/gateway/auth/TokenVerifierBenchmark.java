package io.herald.gateway.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.herald.codec.TokenMinter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CPU cost of checking one login token, per algorithm, as the node checks it: HS256 by the hand-written path
 * against the secret; RS256 (2048-bit key), PS256 and ES256 (P-256) by nimbus against the public key, through
 * {@link JwtVerifier}, header and claims read as for a login (with a secret set too, so the dispatch by {@code alg}
 * is measured). One thread: a login is checked on its connection's event loop.
 *
 * <p>{@code mvn -pl gateway -am -Pjmh process-test-classes -Djmh.args="TokenVerifierBenchmark"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenVerifierBenchmark {

    private static final String SECRET = "herald-benchmark-secret-0123456789abcdef";

    @Param({"HS256", "RS256", "PS256", "ES256"})
    String alg;

    private TokenCheckPool pool;
    private JwtVerifier verifier;
    private String token;

    @Setup
    public void setUp() {
        JsonFactory json = new JsonFactory();
        TokenRules rules = TokenRules.defaults(Clock.systemUTC(), json);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("user-12345").issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofDays(1))))
                .claim("groups", List.of("room-1", "room-2")).build();
        KeyPair key = alg.startsWith("ES") ? TestKeys.ec("secp256r1") : TestKeys.rsa();
        pool = new TokenCheckPool(1, 1);
        verifier = new JwtVerifier(new JwtTokenVerifier(SECRET, json, rules), KeySource.of(KeySet.of(key.getPublic())),
                rules, json, pool);
        token = alg.equals("HS256") ? new TokenMinter(SECRET).mint("user-12345", List.of("room-1", "room-2"),
                Duration.ofDays(1)) : TestKeys.sign(JWSAlgorithm.parse(alg), key.getPrivate(), null, claims);
    }

    @TearDown
    public void tearDown() {
        verifier.close();
        pool.close();
    }

    @Benchmark
    public TokenClaims verify() throws InvalidTokenException {
        return verifier.verify(token, "user-12345");
    }
}
