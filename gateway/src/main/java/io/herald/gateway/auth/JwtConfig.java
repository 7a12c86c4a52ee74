package io.herald.gateway.auth;

import io.herald.codec.InvalidConfigException;

import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Optional;

import static io.herald.codec.InvalidConfigException.requirePositive;

/**
 * How client tokens are checked beyond the HS256 secret (PROTOCOL.md, "Tokens"): the public key or the JWKS that
 * RS256, PS256 and ES256 tokens (and their 384/512 siblings) are verified with, and the claims every token must
 * satisfy whatever its algorithm. The one owner of these settings, validated when constructed; they are named after
 * their flags ({@code jwtLeeway} is {@code --jwt-leeway}).
 *
 * @param jwtPublicKey   a PEM file with the RSA or EC public key (or an X.509 certificate holding one) that signs
 *                       tokens; empty for none. Read (and so checked) when the config is built
 * @param jwks           where the JSON Web Key Set that signs tokens is fetched, {@code http(s)://}; empty for none.
 *                       Not together with {@code jwtPublicKey}
 * @param jwtLeeway      how far the issuer's clock may be off this node's: {@code exp} and {@code nbf} are checked
 *                       with this much allowance
 * @param jwtAudience    where set, a token's {@code aud} must be or contain it
 * @param jwtIssuer      where set, a token's {@code iss} must be it
 * @param jwksMinRefresh the JWKS is fetched again on an unknown {@code kid} at most once per this long (a failed
 *                       fetch is tried again after at most 5 s), so that tokens with made-up key ids cannot make
 *                       the node hammer the key server; it is also fetched again in the background once older than
 *                       {@link #JWKS_MAX_AGE}
 */
public record JwtConfig(Optional<Path> jwtPublicKey, Optional<URI> jwks, Duration jwtLeeway,
                        Optional<String> jwtAudience, Optional<String> jwtIssuer, Duration jwksMinRefresh) {

    /** A fetched JWKS older than this is fetched again, in the background, when next used. */
    public static final Duration JWKS_MAX_AGE = Duration.ofMinutes(5);

    /** The most a token's clock may be off: past it a leeway would defeat {@code exp}. */
    private static final Duration MAX_LEEWAY = Duration.ofMinutes(10);

    public JwtConfig {
        if (jwtPublicKey.isPresent() && jwks.isPresent()) {
            throw new InvalidConfigException("jwks", jwks.get(), "either --jwks or --jwt-public-key, not both");
        }
        jwtPublicKey.ifPresent(JwtConfig::readPublicKey);
        jwks.ifPresent(JwtConfig::requireHttpUrl);
        if (jwtLeeway == null || jwtLeeway.isNegative() || jwtLeeway.compareTo(MAX_LEEWAY) > 0) {
            throw new InvalidConfigException("jwtLeeway", jwtLeeway, "0s to " + MAX_LEEWAY.toMinutes() + "m");
        }
        requireNotEmpty("jwtAudience", jwtAudience);
        requireNotEmpty("jwtIssuer", jwtIssuer);
        if (jwksMinRefresh == null || jwksMinRefresh.isNegative()) {
            throw new InvalidConfigException("jwksMinRefresh", jwksMinRefresh, ">= 0s");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether tokens may be signed with a public key: a key file or a JWKS is set. */
    public boolean asymmetric() {
        return jwtPublicKey.isPresent() || jwks.isPresent();
    }

    /** The key of {@link #jwtPublicKey}, read from its file. */
    public Optional<PublicKey> publicKey() {
        return jwtPublicKey.map(JwtConfig::readPublicKey);
    }

    private static PublicKey readPublicKey(Path file) {
        try {
            return PemKeys.publicKey(file);
        } catch (PemKeys.PemException e) {
            throw new InvalidConfigException("jwtPublicKey", file, e.getMessage());
        }
    }

    private static void requireHttpUrl(URI url) {
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new InvalidConfigException("jwks", url, "an http:// or https:// URL");
        }
    }

    private static void requireNotEmpty(String setting, Optional<String> value) {
        if (value.isPresent() && value.get().isEmpty()) {
            throw new InvalidConfigException(setting, "(empty)", "a non-empty value, or none");
        }
    }

    /** Collects the settings of a {@link JwtConfig}, starting from the defaults. Not thread-safe. */
    public static final class Builder {
        private Path jwtPublicKey;
        private URI jwks;
        private Duration jwtLeeway = Duration.ofSeconds(30);
        private String jwtAudience;
        private String jwtIssuer;
        private Duration jwksMinRefresh = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder jwtPublicKey(Path jwtPublicKey) {
            this.jwtPublicKey = jwtPublicKey;
            return this;
        }

        public Builder jwks(URI jwks) {
            this.jwks = jwks;
            return this;
        }

        public Builder jwtLeeway(Duration jwtLeeway) {
            if (jwtLeeway != null) {
                this.jwtLeeway = jwtLeeway;
            }
            return this;
        }

        public Builder jwtAudience(String jwtAudience) {
            this.jwtAudience = jwtAudience;
            return this;
        }

        public Builder jwtIssuer(String jwtIssuer) {
            this.jwtIssuer = jwtIssuer;
            return this;
        }

        public Builder jwksMinRefresh(Duration jwksMinRefresh) {
            if (jwksMinRefresh != null) {
                this.jwksMinRefresh = jwksMinRefresh;
            }
            return this;
        }

        public JwtConfig build() {
            return new JwtConfig(Optional.ofNullable(jwtPublicKey), Optional.ofNullable(jwks), jwtLeeway,
                    Optional.ofNullable(jwtAudience), Optional.ofNullable(jwtIssuer), jwksMinRefresh);
        }
    }
}
