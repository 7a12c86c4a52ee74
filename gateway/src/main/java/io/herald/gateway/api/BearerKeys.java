package io.herald.gateway.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The keys that an {@code Authorization: Bearer} header may carry, any one of them accepted: the API keys (several
 * while they rotate), or the cluster secret. Immutable; thread-safe.
 *
 * <p>A check takes the same time whichever key matches, whether one does, and whatever the keys' lengths, so that
 * response times tell a stranger nothing about them: the header and each key are compared as their SHA-256 digests,
 * all of them the same length, with {@link MessageDigest#isEqual} (which reads every byte), and every key is compared
 * without stopping at a match. What the time still depends on is the header's own length (which whoever sent it
 * knows) and how many keys there are (the same for every request).
 */
final class BearerKeys {

    private static final BearerKeys NONE = new BearerKeys(List.of());

    private final byte[][] digests;

    private BearerKeys(List<String> keys) {
        this.digests = keys.stream().map(key -> sha256("Bearer " + key)).toArray(byte[][]::new);
    }

    /** Keys any of which is accepted; none where {@code keys} is empty. */
    static BearerKeys of(List<String> keys) {
        return keys.isEmpty() ? NONE : new BearerKeys(keys);
    }

    /** Whether any key is set at all. */
    boolean any() {
        return digests.length > 0;
    }

    /** Whether {@code authorization}, the header's value ({@code null} where absent), carries one of the keys. */
    boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        byte[] presented = sha256(authorization);
        boolean accepted = false;
        for (byte[] digest : digests) {
            // No early exit: the loop costs the same whichever key matched.
            accepted |= MessageDigest.isEqual(digest, presented);
        }
        return accepted;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
