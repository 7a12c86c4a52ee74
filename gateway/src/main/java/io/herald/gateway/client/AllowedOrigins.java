package io.herald.gateway.client;

import io.herald.codec.InvalidConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The origins a browser's upgrade may come from ({@code --allowed-origins}). An entry is an origin as browsers send
 * it, {@code scheme://host[:port]} (the scheme's default port may be written or not), {@code scheme://*.domain} for
 * every subdomain of {@code domain} at any depth (not {@code domain} itself), or {@code null} for the opaque origin
 * of sandboxed frames and files. Compared without regard to case. No entry at all lets any origin in. Immutable and
 * thread-safe; one per node.
 */
final class AllowedOrigins {

    private static final String WILDCARD = "*.";

    private final Set<String> exact;
    private final List<String> suffixes;

    /**
     * @param origins entries as {@link #normalize} leaves them
     */
    AllowedOrigins(List<String> origins) {
        List<String> normalized = normalize(origins);
        List<String> wildcards = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        for (String origin : normalized) {
            int star = origin.indexOf("://" + WILDCARD);
            if (star < 0) {
                plain.add(origin);
            } else {
                // https://*.example.com matches what ends in .example.com and starts with https://
                wildcards.add(origin.substring(0, star + 3) + "\u0000" + origin.substring(star + 4));
            }
        }
        this.exact = Set.copyOf(plain);
        this.suffixes = List.copyOf(wildcards);
    }

    /** Whether every origin is allowed: no entry was given. */
    boolean any() {
        return exact.isEmpty() && suffixes.isEmpty();
    }

    /**
     * Whether an upgrade with this {@code Origin} header may go on; {@code null} (no header: not a browser) always
     * may. On any thread.
     */
    boolean allows(String origin) {
        if (origin == null || any()) {
            return true;
        }
        String normalized;
        try {
            normalized = normalizeOne(origin.trim(), false);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (exact.contains(normalized)) {
            return true;
        }
        for (String wildcard : suffixes) {
            int split = wildcard.indexOf('\u0000');
            String scheme = wildcard.substring(0, split);
            String suffix = wildcard.substring(split + 1);
            if (normalized.startsWith(scheme) && normalized.endsWith(suffix)
                    && normalized.length() > scheme.length() + suffix.length()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The entries in the form they are compared in: lower case, without a default port; fails on an entry that is
     * not an origin.
     *
     * @throws InvalidConfigException naming {@code allowedOrigins} and the entry at fault
     */
    static List<String> normalize(List<String> origins) {
        List<String> normalized = new ArrayList<>();
        for (String origin : origins) {
            try {
                normalized.add(normalizeOne(origin == null ? "" : origin.trim(), true));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("allowedOrigins", origin, "origins such as https://app.example.com, "
                        + "http://localhost:3000, https://*.example.com or null, comma-separated");
            }
        }
        return List.copyOf(normalized);
    }

    /** One origin, lower case, without its scheme's default port; a wildcard host only where allowed. */
    private static String normalizeOne(String origin, boolean wildcardAllowed) {
        String lower = origin.toLowerCase(Locale.ROOT);
        if ("null".equals(lower)) {
            return lower;
        }
        boolean wildcard = wildcardAllowed && lower.contains("://" + WILDCARD);
        URI uri;
        try {
            uri = new URI(wildcard ? lower.replace("://" + WILDCARD, "://wildcard.") : lower);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        String scheme = uri.getScheme();
        if (scheme == null || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
            throw new IllegalArgumentException("not an origin: " + origin);
        }
        String host = wildcard ? WILDCARD + uri.getHost().substring("wildcard.".length()) : uri.getHost();
        int port = uri.getPort();
        boolean defaultPort = port == -1 || "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443
                || "ws".equals(scheme) && port == 80 || "wss".equals(scheme) && port == 443;
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
