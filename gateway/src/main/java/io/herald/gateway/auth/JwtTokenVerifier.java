package io.herald.gateway.auth;

import com.fasterxml.jackson.core.JsonFactory;
import io.herald.codec.TokenMinter;
import io.netty.util.concurrent.FastThreadLocal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;

/**
 * Verifies HS256 JWTs (RFC 7519, JWS compact serialization, RFC 7515) signed with the shared secret: the header
 * must say {@code "alg":"HS256"} and carry no {@code crit}; the signature must match (compared in constant
 * time); then the claims must pass the node's {@link TokenRules} ({@code exp} required, {@code nbf}, with the
 * leeway; {@code aud}, {@code iss} where set; {@code sub} the uid the client logs in as). The optional
 * {@code groups} claim lists the groups the client may join itself. Thread-safe.
 *
 * <p>Why not a JOSE library here: this is one algorithm with one key, on the path of every login. A general
 * library (nimbus, which mints Herald's tokens and checks this class in its tests) parses both JSON parts into
 * maps through its own JSON reader, looks up and initializes a new {@link Mac} per token, and costs about
 * 8 µs and 2 KiB of garbage per login on the benchmark machine, a quarter of the node's whole budget for a
 * connection. This class does the same checks with the JDK's HMAC (one {@link Mac} per thread), its Base64url
 * decoder and a streaming JSON parser: no algorithm negotiation, no key lookup, nothing else to get wrong.
 */
public final class JwtTokenVerifier implements TokenVerifier {

    /** How far the issuer's clock may be ahead of or behind this node's, by default. */
    static final Duration CLOCK_SKEW = JwtConfig.builder().build().jwtLeeway();

    private static final String HMAC_SHA256 = "HmacSHA256";

    private final SecretKeySpec key;
    private final JsonFactory json;
    private final TokenRules rules;
    private final FastThreadLocal<Mac> macs = new FastThreadLocal<>() {
        @Override
        protected Mac initialValue() throws GeneralSecurityException {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(key);
            return mac;
        }
    };

    public JwtTokenVerifier(String secret) {
        this(secret, Clock.systemUTC());
    }

    public JwtTokenVerifier(String secret, Clock clock) {
        this(secret, clock, new JsonFactory());
    }

    /**
     * @param json the process's JSON factory
     */
    public JwtTokenVerifier(String secret, Clock clock, JsonFactory json) {
        this(secret, json, TokenRules.defaults(clock, json));
    }

    /**
     * @param json  the process's JSON factory
     * @param rules what the claims of every token must satisfy
     */
    public JwtTokenVerifier(String secret, JsonFactory json, TokenRules rules) {
        this.key = new SecretKeySpec(TokenMinter.requireSecret("secret", secret), HMAC_SHA256);
        this.json = json;
        this.rules = rules;
        macs.get(); // fails here, at start, where the JDK has no HmacSHA256
    }

    @Override
    public TokenClaims verify(String token, String uid) throws InvalidTokenException {
        CompactJws jws = CompactJws.parse(token, json);
        if (!"HS256".equals(jws.alg)) {
            throw new InvalidTokenException("token algorithm " + jws.alg + " is not accepted (expected: HS256)");
        }
        return verify(jws, uid);
    }

    /** Verifies a token whose header says HS256. */
    TokenClaims verify(CompactJws jws, String uid) throws InvalidTokenException {
        byte[] signature = jws.signature();
        if (signature.length == 0) {
            throw CompactJws.notSigned();
        }
        Mac mac = macs.get();
        mac.update(jws.ascii, 0, jws.secondDot);
        if (!MessageDigest.isEqual(mac.doFinal(), signature)) {
            throw new InvalidTokenException("token signature is invalid");
        }
        return rules.claims(jws.payload(), uid);
    }
}
