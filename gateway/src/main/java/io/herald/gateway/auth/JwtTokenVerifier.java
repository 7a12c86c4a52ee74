package io.herald.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Verifies HS256 JWTs signed with the shared secret: the signature, {@code exp} (required, with a small
 * allowance for clock skew), {@code nbf} where present, and that {@code sub} is the uid the client logs in as.
 * The optional {@code groups} claim lists the groups the client may join itself. Thread-safe.
 */
public final class JwtTokenVerifier implements TokenVerifier {

    /** How far the issuer's clock may be ahead of or behind this node's. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final JWSVerifier verifier;
    private final Clock clock;

    public JwtTokenVerifier(String secret) {
        this(secret, Clock.systemUTC());
    }

    public JwtTokenVerifier(String secret, Clock clock) {
        try {
            this.verifier = new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("secret: (expected: at least 32 bytes for HS256)", e);
        }
        this.clock = clock;
    }

    @Override
    public TokenClaims verify(String token, String uid) throws InvalidTokenException {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("token is not a signed JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("token algorithm " + jwt.getHeader().getAlgorithm()
                    + " is not accepted (expected: HS256)");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new InvalidTokenException("token signature is invalid");
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("token signature is invalid");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("token claims are malformed");
        }
        checkTimes(claims);
        if (!uid.equals(claims.getSubject())) {
            throw new InvalidTokenException("token subject does not match uid");
        }
        return new TokenClaims(uid, groups(claims), false);
    }

    private void checkTimes(JWTClaimsSet claims) throws InvalidTokenException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new InvalidTokenException("token has no exp");
        }
        if (now.minus(CLOCK_SKEW).isAfter(exp.toInstant())) {
            throw new InvalidTokenException("token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant())) {
            throw new InvalidTokenException("token is not valid yet");
        }
    }

    private static Set<String> groups(JWTClaimsSet claims) throws InvalidTokenException {
        try {
            List<String> groups = claims.getStringListClaim("groups");
            if (groups == null) {
                return Set.of();
            }
            if (groups.contains(null)) {
                throw new InvalidTokenException("token claim 'groups' must be an array of strings");
            }
            return Set.copyOf(groups);
        } catch (ParseException e) {
            throw new InvalidTokenException("token claim 'groups' must be an array of strings");
        }
    }
}
