package io.herald.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Login tokens: HS256 JWTs ({@code sub} the uid, {@code exp}, and {@code groups} listing the run's group, so the
 * node lets the client join it) where the run has the node's secret, and one placeholder for a node in
 * development mode, which takes any token. Thread-safe.
 */
final class Tokens {

    static final String DEVELOPMENT_TOKEN = "herald-bench";

    private final MACSigner signer;
    private final List<String> groups;
    private final Duration ttl;

    private Tokens(MACSigner signer, List<String> groups, Duration ttl) {
        this.signer = signer;
        this.groups = groups;
        this.ttl = ttl;
    }

    /** Tokens signed with {@code secret} where there is one, valid for {@code ttl}, allowing {@code group}. */
    static Tokens of(Optional<String> secret, Optional<String> group, Duration ttl) {
        if (secret.isEmpty()) {
            return new Tokens(null, List.of(), ttl);
        }
        try {
            return new Tokens(new MACSigner(secret.get().getBytes(StandardCharsets.UTF_8)),
                    group.map(List::of).orElse(List.of()), ttl);
        } catch (JOSEException e) {
            throw new BenchConfigException("secret", "(hidden)", "at least 32 bytes for HS256");
        }
    }

    String tokenFor(String uid) {
        if (signer == null) {
            return DEVELOPMENT_TOKEN;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(uid)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)));
        if (!groups.isEmpty()) {
            claims.claim("groups", groups);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }
}
