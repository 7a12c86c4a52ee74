package io.herald.gateway.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;

import java.text.ParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Verifies the tokens of a node that has a public key ({@code --jwt-public-key}) or a JWKS ({@code --jwks}), and
 * maybe a secret too: the token's {@code alg} header picks how. HS256 is checked against the secret alone, by the
 * hand-written {@link JwtTokenVerifier} (refused where no secret is set); RS256/384/512, PS256/384/512 and
 * ES256/384/512 against the public key its header names, with nimbus. So an HMAC token is never checked against a
 * public key (the algorithm confusion of RFC 8725 section 2.1), {@code alg:none} and every other algorithm are
 * refused, and so is a token whose algorithm does not fit its key. Then the claims must pass the node's
 * {@link TokenRules}, whatever the algorithm. Thread-safe; called on the connections' event loops, where it only
 * computes: a key that must be fetched first is fetched off the loop ({@link #verifyAsync}).
 *
 * <p>What an event loop checks itself, and what it hands to the node's {@link TokenCheckPool}, is decided by what a
 * check costs (the {@code TokenVerifierBenchmark}, JDK 17, one core): HS256 1.3 µs and RS256 58 µs stay on the loop,
 * where a hop to another thread and back would cost as much as they do; PS256 161 µs and ES256 2.3 ms (and their
 * longer variants, which cost more) go to the pool ({@link #offLoop}), so that a storm of them does not hold the loop
 * that every other connection on it waits for. The rule: a check over 100 µs leaves the loop.
 */
public final class JwtVerifier implements TokenVerifier, AutoCloseable {

    /** The longest key id an error repeats. */
    private static final int MAX_KID_ECHO = 64;

    private final JwtTokenVerifier hs256;
    private final KeySource keys;
    private final TokenRules rules;
    private final JsonFactory json;
    private final TokenCheckPool pool;

    /**
     * @param hs256 the verifier of the secret's tokens, or {@code null} where no secret is set
     * @param pool  where the checks that cost too much for an event loop run ({@link #offLoop})
     */
    JwtVerifier(JwtTokenVerifier hs256, KeySource keys, TokenRules rules, JsonFactory json, TokenCheckPool pool) {
        this.hs256 = hs256;
        this.keys = keys;
        this.rules = rules;
        this.json = json;
        this.pool = pool;
    }

    /**
     * The verifier of a node with a public key or a JWKS ({@link JwtConfig#asymmetric()}); a JWKS starts being
     * fetched in the background.
     *
     * @param hs256 the verifier of the secret's tokens, or {@code null} where no secret is set
     * @param pool  where the checks that cost too much for an event loop run; the caller owns it and closes it
     */
    public static JwtVerifier start(JwtConfig config, JwtTokenVerifier hs256, TokenRules rules, JsonFactory json,
                                    TokenCheckPool pool) {
        KeySource keys;
        if (config.jwks().isPresent()) {
            JwksKeys jwks = new JwksKeys(config.jwks().get(), config.jwksMinRefresh());
            jwks.start();
            keys = jwks;
        } else {
            keys = KeySource.of(KeySet.of(config.publicKey().orElseThrow(
                    () -> new IllegalArgumentException("neither a public key nor a JWKS is set"))));
        }
        return new JwtVerifier(hs256, keys, rules, json, pool);
    }

    @Override
    public TokenClaims verify(String token, String uid) throws InvalidTokenException {
        CompactJws jws = CompactJws.parse(token, json);
        if (!KeySet.asymmetric(jws.alg)) {
            return hs256(jws, uid);
        }
        KeySet at = keys.current();
        JWSVerifier verifier = at == null ? null : at.select(jws.alg, jws.kid);
        if (verifier == null) {
            throw unknownKey(jws);
        }
        return verify(token, jws, verifier, uid);
    }

    @Override
    public CompletionStage<TokenClaims> verifyAsync(String token, String uid) {
        try {
            CompactJws jws = CompactJws.parse(token, json);
            if (!KeySet.asymmetric(jws.alg)) {
                return CompletableFuture.completedFuture(hs256(jws, uid));
            }
            KeySet at = keys.current();
            JWSVerifier verifier = at == null ? null : at.select(jws.alg, jws.kid);
            if (verifier != null) {
                return check(token, jws, verifier, uid);
            }
            // A kid the set at hand lacks: look at the source again (at most once per period), then decide.
            return keys.refresh().thenCompose(fresh -> {
                try {
                    JWSVerifier found = fresh.select(jws.alg, jws.kid);
                    if (found == null) {
                        throw unknownKey(jws);
                    }
                    return check(token, jws, found, uid);
                } catch (InvalidTokenException e) {
                    return CompletableFuture.failedFuture(LoginCheck.refused(e));
                }
            });
        } catch (InvalidTokenException e) {
            return CompletableFuture.failedFuture(LoginCheck.refused(e));
        }
    }

    /** Checks the signature at once where it costs little, else on the pool ({@link #offLoop}). */
    private CompletableFuture<TokenClaims> check(String token, CompactJws jws, JWSVerifier verifier, String uid)
            throws InvalidTokenException {
        if (offLoop(jws.alg)) {
            return pool.submit(() -> verify(token, jws, verifier, uid));
        }
        return CompletableFuture.completedFuture(verify(token, jws, verifier, uid));
    }

    /**
     * Whether the check of a token signed with {@code alg} costs too much to run on an event loop: PS* (RSA-PSS,
     * 161 µs for PS256) and ES* (ECDSA, 2.3 ms for ES256 on JDK 17), where RS* costs 58 µs and HS256 1.3 µs.
     */
    static boolean offLoop(String alg) {
        return alg.startsWith("PS") || alg.startsWith("ES");
    }

    private TokenClaims hs256(CompactJws jws, String uid) throws InvalidTokenException {
        if (hs256 == null || !"HS256".equals(jws.alg)) {
            throw new InvalidTokenException("token algorithm " + jws.alg + " is not accepted (expected: "
                    + (hs256 == null ? "" : "HS256, ") + KeySet.ALGORITHMS + ")");
        }
        return hs256.verify(jws, uid);
    }

    private TokenClaims verify(String token, CompactJws jws, JWSVerifier verifier, String uid)
            throws InvalidTokenException {
        if (jws.signature().length == 0) { // Decoded strictly here: nimbus skips what is not Base64url.
            throw CompactJws.notSigned();
        }
        boolean valid;
        try {
            valid = JWSObject.parse(token).verify(verifier);
        } catch (ParseException e) {
            throw CompactJws.notSigned();
        } catch (JOSEException e) {
            valid = false;
        }
        if (!valid) {
            throw new InvalidTokenException("token signature is invalid");
        }
        return rules.claims(jws.payload(), uid);
    }

    private static InvalidTokenException unknownKey(CompactJws jws) {
        return new InvalidTokenException(jws.kid == null ? "no key of the node fits the token's algorithm " + jws.alg
                : "token key id '" + (jws.kid.length() > MAX_KID_ECHO ? jws.kid.substring(0, MAX_KID_ECHO) + "…"
                        : jws.kid) + "' is not among the node's keys");
    }

    /** Stops fetching keys. */
    @Override
    public void close() {
        keys.close();
    }
}
