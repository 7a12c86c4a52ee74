package io.herald.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Mints the login tokens PROTOCOL.md describes: HS256 JWTs (RFC 7519, JWS compact serialization) whose {@code sub}
 * is the uid, with {@code iat}, {@code exp} and, where given, the {@code groups} claim. Used by {@code herald token},
 * the load client and the tests; backends mint the same tokens with any JWT library. It uses the JDK's HMAC and
 * nothing else, so that every module can mint without a JOSE library. Thread-safe.
 */
public final class TokenMinter {

    /** The shortest HS256 secret RFC 7518 (section 3.2) allows: as long as the hash, 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final String HEADER = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final SecretKeySpec key;
    private final Clock clock;
    private final ThreadLocal<Mac> macs;

    /**
     * @throws InvalidConfigException where the secret is shorter than {@link #MIN_SECRET_BYTES}
     */
    public TokenMinter(String secret) {
        this(secret, Clock.systemUTC());
    }

    /** With the clock given, for tokens issued at a chosen time. */
    public TokenMinter(String secret, Clock clock) {
        this.key = new SecretKeySpec(requireSecret("secret", secret), HMAC_SHA256);
        this.clock = clock;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * Checks an HS256 secret and returns its bytes; the one place the minimum is enforced, for every setting
     * that holds such a secret.
     *
     * @param setting the setting's name, for the error
     * @throws InvalidConfigException where it is missing or shorter than {@link #MIN_SECRET_BYTES}
     */
    public static byte[] requireSecret(String setting, String secret) {
        byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new InvalidConfigException(setting, "(" + bytes.length + " bytes)",
                    "at least " + MIN_SECRET_BYTES + " bytes for HS256");
        }
        return bytes;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + HMAC_SHA256, e);
        }
    }

    /** A token for {@code uid}, allowed to join {@code groups}, valid from now for {@code ttl}. */
    public String mint(String uid, List<String> groups, Duration ttl) {
        long now = clock.instant().getEpochSecond();
        ByteBuf claims = Unpooled.buffer(96 + uid.length());
        try {
            JsonWriter w = new JsonWriter(claims).raw("{\"sub\":").string(uid)
                    .raw(",\"iat\":").number(now)
                    .raw(",\"exp\":").number(now + ttl.toSeconds());
            if (!groups.isEmpty()) {
                w.raw(",\"groups\":").strings(groups);
            }
            w.raw("}");
            byte[] json = new byte[claims.readableBytes()];
            claims.readBytes(json);
            String signingInput = HEADER + "." + base64(json);
            byte[] signature = macs.get().doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64(signature);
        } finally {
            claims.release();
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
