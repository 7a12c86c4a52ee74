package io.herald.gateway.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.herald.codec.TokenMinter;
import io.netty.util.concurrent.FastThreadLocal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Verifies HS256 JWTs (RFC 7519, JWS compact serialization, RFC 7515) signed with the shared secret: the header
 * must say {@code "alg":"HS256"} and carry no {@code crit}; the signature must match (compared in constant
 * time); {@code exp} is required, with a small allowance for clock skew, {@code nbf} checked where present, and
 * {@code sub} must be the uid the client logs in as. The optional {@code groups} claim lists the groups the
 * client may join itself. Thread-safe.
 *
 * <p>Why not a JOSE library here: this is one algorithm with one key, on the path of every login. A general
 * library (nimbus, which mints Herald's tokens and checks this class in its tests) parses both JSON parts into
 * maps through its own JSON reader, looks up and initializes a new {@link Mac} per token, and costs about
 * 8 µs and 2 KiB of garbage per login on the benchmark machine, a quarter of the node's whole budget for a
 * connection. This class does the same checks with the JDK's HMAC (one {@link Mac} per thread), its Base64url
 * decoder and a streaming JSON parser: no algorithm negotiation, no key lookup, nothing else to get wrong.
 */
public final class JwtTokenVerifier implements TokenVerifier {

    /** How far the issuer's clock may be ahead of or behind this node's. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private static final String HMAC_SHA256 = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;
    private final JsonFactory json;
    private final Base64.Decoder base64 = Base64.getUrlDecoder();
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
        this.key = new SecretKeySpec(TokenMinter.requireSecret("secret", secret), HMAC_SHA256);
        this.clock = clock;
        this.json = json;
        macs.get(); // fails here, at start, where the JDK has no HmacSHA256
    }

    @Override
    public TokenClaims verify(String token, String uid) throws InvalidTokenException {
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            throw notSigned();
        }
        byte[] ascii = token.getBytes(StandardCharsets.US_ASCII);
        checkHeader(decode(ascii, 0, firstDot));
        byte[] signature = decode(ascii, secondDot + 1, ascii.length - secondDot - 1);
        if (signature.length == 0) {
            throw notSigned();
        }
        Mac mac = macs.get();
        mac.update(ascii, 0, secondDot);
        if (!MessageDigest.isEqual(mac.doFinal(), signature)) {
            throw new InvalidTokenException("token signature is invalid");
        }
        Claims claims = claims(decode(ascii, firstDot + 1, secondDot - firstDot - 1));
        checkTimes(claims);
        if (!uid.equals(claims.subject)) {
            throw new InvalidTokenException("token subject does not match uid");
        }
        if (claims.groupsMalformed) {
            throw new InvalidTokenException("token claim 'groups' must be an array of strings");
        }
        return new TokenClaims(uid, claims.groups == null ? Set.of() : Set.copyOf(claims.groups), false);
    }

    private byte[] decode(byte[] ascii, int offset, int length) throws InvalidTokenException {
        try {
            ByteBuffer decoded = base64.decode(ByteBuffer.wrap(ascii, offset, length));
            byte[] bytes = new byte[decoded.remaining()];
            decoded.get(bytes);
            return bytes;
        } catch (IllegalArgumentException e) {
            throw notSigned();
        }
    }

    private void checkHeader(byte[] header) throws InvalidTokenException {
        String alg = null;
        try (JsonParser p = json.createParser(header)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notSigned();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("alg".equals(name) && value == JsonToken.VALUE_STRING) {
                    alg = p.getText();
                } else if ("crit".equals(name)) {
                    // Extensions that must be understood (RFC 7515 section 4.1.11): this verifier knows none.
                    throw new InvalidTokenException("token header 'crit' is not supported");
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw notSigned();
        }
        if (alg == null || "none".equals(alg)) {
            throw notSigned();
        }
        if (!"HS256".equals(alg)) {
            throw new InvalidTokenException("token algorithm " + alg + " is not accepted (expected: HS256)");
        }
    }

    /** The claims this verifier looks at; times in epoch seconds, NaN where absent. */
    private static final class Claims {
        String subject;
        double exp = Double.NaN;
        double nbf = Double.NaN;
        List<String> groups;
        boolean groupsMalformed;
    }

    private Claims claims(byte[] payload) throws InvalidTokenException {
        Claims claims = new Claims();
        try (JsonParser p = json.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "sub" -> claims.subject = value == JsonToken.VALUE_NULL ? null : string(p, value);
                    case "exp" -> claims.exp = time(p, value);
                    case "nbf" -> claims.nbf = time(p, value);
                    case "groups" -> readGroups(p, value, claims);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw malformed();
        }
        return claims;
    }

    private static String string(JsonParser p, JsonToken value) throws IOException, InvalidTokenException {
        if (value != JsonToken.VALUE_STRING) {
            throw malformed();
        }
        return p.getText();
    }

    /** A NumericDate: seconds since the epoch, possibly fractional (RFC 7519 section 2). */
    private static double time(JsonParser p, JsonToken value) throws IOException, InvalidTokenException {
        if (value == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
            throw malformed();
        }
        return p.getDoubleValue();
    }

    private static void readGroups(JsonParser p, JsonToken value, Claims claims) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            claims.groupsMalformed = true;
            p.skipChildren();
            return;
        }
        List<String> groups = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.VALUE_STRING) {
                groups.add(p.getText());
            } else {
                claims.groupsMalformed = true;
                p.skipChildren();
            }
        }
        claims.groups = groups;
    }

    private void checkTimes(Claims claims) throws InvalidTokenException {
        if (Double.isNaN(claims.exp)) {
            throw new InvalidTokenException("token has no exp");
        }
        Instant now = clock.instant();
        double nowSeconds = now.getEpochSecond() + now.getNano() / 1e9;
        if (nowSeconds - CLOCK_SKEW.toSeconds() > claims.exp) {
            throw new InvalidTokenException("token expired");
        }
        if (!Double.isNaN(claims.nbf) && nowSeconds + CLOCK_SKEW.toSeconds() < claims.nbf) {
            throw new InvalidTokenException("token is not valid yet");
        }
    }

    private static InvalidTokenException notSigned() {
        return new InvalidTokenException("token is not a signed JWT");
    }

    private static InvalidTokenException malformed() {
        return new InvalidTokenException("token claims are malformed");
    }
}
