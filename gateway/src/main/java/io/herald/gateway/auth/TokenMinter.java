package io.herald.gateway.auth;

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

/**
 * Mints HS256 tokens that {@link JwtTokenVerifier} accepts: for testing, and for backends written in Java.
 */
public final class TokenMinter {

    private final MACSigner signer;

    public TokenMinter(String secret) {
        try {
            this.signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("secret: (expected: at least 32 bytes for HS256)", e);
        }
    }

    /** A token for {@code uid}, allowed to join {@code groups}, valid from now for {@code ttl}. */
    public String mint(String uid, List<String> groups, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(uid)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        if (!groups.isEmpty()) {
            claims.claim("groups", List.copyOf(groups));
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
