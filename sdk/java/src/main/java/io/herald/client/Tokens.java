package io.herald.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;

/** Reads a JWT's {@code exp} claim (unverified: only to know when to refresh it). */
final class Tokens {

    private Tokens() {
    }

    /** The token's {@code exp}, in seconds since the epoch; empty where it is not a JWT with one. */
    static OptionalLong expiry(Json json, String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return OptionalLong.empty();
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            long exp = json.expiry(payload);
            return exp < 0 ? OptionalLong.empty() : OptionalLong.of(exp);
        } catch (IllegalArgumentException | IOException e) {
            return OptionalLong.empty();
        }
    }
}
