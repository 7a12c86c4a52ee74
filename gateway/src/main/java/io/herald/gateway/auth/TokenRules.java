package io.herald.gateway.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The claims every token must satisfy once its signature is verified, whatever its algorithm: {@code exp} required
 * and not past, {@code nbf} not ahead, each with the leeway; {@code aud} naming the node's audience and {@code iss}
 * its issuer where those are set; {@code sub} the uid the client logs in as; {@code groups}, where present, an array
 * of strings. Read with a streaming parser, claims it does not use skipped. Thread-safe.
 */
public final class TokenRules {

    private final Clock clock;
    private final JsonFactory json;
    private final double leewaySeconds;
    private final String audience;
    private final String issuer;

    public TokenRules(JwtConfig config, Clock clock, JsonFactory json) {
        this(clock, json, config.jwtLeeway(), config.jwtAudience(), config.jwtIssuer());
    }

    TokenRules(Clock clock, JsonFactory json, Duration leeway, Optional<String> audience, Optional<String> issuer) {
        this.clock = clock;
        this.json = json;
        this.leewaySeconds = leeway.toMillis() / 1000.0;
        this.audience = audience.orElse(null);
        this.issuer = issuer.orElse(null);
    }

    /** The rules of a node with the default leeway and no audience or issuer. */
    static TokenRules defaults(Clock clock, JsonFactory json) {
        return new TokenRules(JwtConfig.builder().build(), clock, json);
    }

    /**
     * Checks the payload of a token whose signature was verified; returns what it says of its holder, valid until
     * its {@code exp} (or, for a token let in by the leeway after its {@code exp}, until then plus the leeway).
     */
    TokenClaims claims(byte[] payload, String uid) throws InvalidTokenException {
        Claims claims = read(payload);
        Instant validUntil = checkTimes(claims);
        if (audience != null && (claims.audience == null || !claims.audience.contains(audience))) {
            throw new InvalidTokenException("token audience is not accepted (expected: " + audience + ")");
        }
        if (issuer != null && !issuer.equals(claims.issuer)) {
            throw new InvalidTokenException("token issuer is not accepted (expected: " + issuer + ")");
        }
        if (!uid.equals(claims.subject)) {
            throw new InvalidTokenException("token subject does not match uid");
        }
        if (claims.groupsMalformed) {
            throw new InvalidTokenException("token claim 'groups' must be an array of strings");
        }
        return new TokenClaims(uid, claims.groups == null ? Set.of() : Set.copyOf(claims.groups), false, validUntil);
    }

    /** The claims looked at; times in epoch seconds, NaN where absent. */
    private static final class Claims {
        String subject;
        String issuer;
        List<String> audience;
        double exp = Double.NaN;
        double nbf = Double.NaN;
        List<String> groups;
        boolean groupsMalformed;
    }

    private Claims read(byte[] payload) throws InvalidTokenException {
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
                    case "iss" -> claims.issuer = issuer == null || value == JsonToken.VALUE_NULL ? skip(p)
                            : string(p, value);
                    case "aud" -> claims.audience = audience(p, value);
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

    /** {@code aud}: one string or an array of them (RFC 7519 section 4.1.3). */
    private List<String> audience(JsonParser p, JsonToken value) throws IOException, InvalidTokenException {
        if (audience == null || value == JsonToken.VALUE_NULL) {
            return skip(p); // Not checked: its shape does not matter.
        }
        if (value != JsonToken.START_ARRAY) {
            return List.of(string(p, value));
        }
        List<String> audiences = new ArrayList<>(2);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            audiences.add(string(p, t));
        }
        return audiences;
    }

    private static <T> T skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    /** A NumericDate: seconds since the epoch, possibly fractional (RFC 7519 section 2). */
    private static double time(JsonParser p, JsonToken value) throws IOException, InvalidTokenException {
        if (value == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
            throw malformed();
        }
        double seconds = p.getDoubleValue();
        if (!Double.isFinite(seconds)) {
            throw malformed();
        }
        return seconds;
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

    /** Checks {@code exp} and {@code nbf}; returns when the connection that holds the token is closed. */
    private Instant checkTimes(Claims claims) throws InvalidTokenException {
        if (Double.isNaN(claims.exp)) {
            throw new InvalidTokenException("token has no exp");
        }
        Instant now = clock.instant();
        double nowSeconds = now.getEpochSecond() + now.getNano() / 1e9;
        if (nowSeconds - leewaySeconds > claims.exp) {
            throw new InvalidTokenException("token expired");
        }
        if (!Double.isNaN(claims.nbf) && nowSeconds + leewaySeconds < claims.nbf) {
            throw new InvalidTokenException("token is not valid yet");
        }
        // Far-off times are clamped so that the arithmetic below stays in range; such a token outlives the node.
        double exp = Math.min(claims.exp, 1e11);
        double until = exp > nowSeconds ? exp : exp + leewaySeconds;
        return Instant.ofEpochMilli((long) Math.ceil(until * 1000));
    }

    private static InvalidTokenException malformed() {
        return new InvalidTokenException("token claims are malformed");
    }
}
