package io.herald.gateway.upstream;

import io.herald.codec.InvalidConfigException;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.herald.codec.InvalidConfigException.requireAtLeast;
import static io.herald.codec.InvalidConfigException.requirePositive;

/**
 * Where the client commands the node does not handle itself go (PROTOCOL.md, "Upstream: clients → backends"), and
 * how they are bounded: the one owner of each of these settings, validated when constructed. The settings are
 * named after their flags ({@code upstreamTimeout} is {@code --upstream-timeout}).
 *
 * @param upstream         where a command that no route matches goes; empty for none
 * @param upstreamRoutes   the routes by command name, the first that matches wins; empty for none
 * @param upstreamSecret   sent as {@code Authorization: Bearer} with each call, where set
 * @param upstreamTimeout  the longest a call may take, from the command read to the whole answer; past it the
 *                         client gets 504
 * @param upstreamInflight the most calls one connection may have under way (sent and not yet replied to); past it
 *                         a command gets 429 without a call
 * @param authUpstream     where logins are POSTed for the backend to allow or refuse; empty for none (tokens alone
 *                         decide). Its calls share the secret, the timeout and the pooled connections of the others
 */
public record UpstreamConfig(Optional<URI> upstream, List<Route> upstreamRoutes, Optional<String> upstreamSecret,
                             Duration upstreamTimeout, int upstreamInflight, Optional<URI> authUpstream) {

    public UpstreamConfig {
        upstream.ifPresent(url -> requireHttpUrl("upstream", url, url));
        authUpstream.ifPresent(url -> requireHttpUrl("authUpstream", url, url));
        upstreamRoutes = List.copyOf(upstreamRoutes);
        if (upstreamSecret.isPresent() && upstreamSecret.get().isEmpty()) {
            throw new InvalidConfigException("upstreamSecret", "(empty)", "a non-empty secret, or none");
        }
        requirePositive("upstreamTimeout", upstreamTimeout);
        requireAtLeast("upstreamInflight", upstreamInflight, 1);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether any command goes anywhere: an upstream or a route is set. */
    public boolean enabled() {
        return upstream.isPresent() || !upstreamRoutes.isEmpty();
    }

    /** Whether the node needs an HTTP client for the backends: commands or logins go somewhere. */
    public boolean anyCalls() {
        return enabled() || authUpstream.isPresent();
    }

    /** Where the command named {@code cmd} goes: the first route that matches it, else the upstream, if any. */
    public Optional<URI> urlFor(String cmd) {
        for (Route route : upstreamRoutes) {
            if (route.matches(cmd)) {
                return Optional.of(route.url());
            }
        }
        return upstream;
    }

    /**
     * One {@code --upstream-route PATTERN=URL}: commands whose name matches {@code pattern} go to {@code url}. In a
     * pattern {@code *} stands for any run of characters, none included ({@code chat.*} matches {@code chat.send}
     * and {@code chat.}); every other character stands for itself.
     */
    public record Route(String pattern, URI url) {

        public Route {
            if (pattern == null || pattern.isEmpty() || pattern.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidConfigException("upstreamRoute", pattern + "=" + url, "PATTERN=URL with a "
                        + "non-empty pattern without spaces, such as chat.*=http://127.0.0.1:9000/chat");
            }
            requireHttpUrl("upstreamRoute", url, pattern + "=" + url);
        }

        /**
         * Reads {@code PATTERN=URL}, split at the first {@code =}.
         *
         * @throws InvalidConfigException naming {@code upstreamRoute} where it is not that
         */
        public static Route parse(String text) {
            int equals = text.indexOf('=');
            if (equals < 0) {
                throw new InvalidConfigException("upstreamRoute", text,
                        "PATTERN=URL, such as chat.*=http://127.0.0.1:9000/chat");
            }
            URI url;
            try {
                url = new URI(text.substring(equals + 1));
            } catch (java.net.URISyntaxException e) {
                throw new InvalidConfigException("upstreamRoute", text,
                        "PATTERN=URL with an http(s):// URL such as chat.*=http://127.0.0.1:9000/chat");
            }
            return new Route(text.substring(0, equals), url);
        }

        /** Whether {@code cmd} matches the pattern: {@code *} any run of characters, the rest literally. */
        public boolean matches(String cmd) {
            // Greedy glob with backtracking to the last star: linear for patterns with one star, as routes have.
            int p = 0;
            int c = 0;
            int star = -1;
            int mark = 0;
            while (c < cmd.length()) {
                if (p < pattern.length() && pattern.charAt(p) == '*') {
                    star = p++;
                    mark = c;
                } else if (p < pattern.length() && pattern.charAt(p) == cmd.charAt(c)) {
                    p++;
                    c++;
                } else if (star >= 0) {
                    p = star + 1;
                    c = ++mark;
                } else {
                    return false;
                }
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }

        @Override
        public String toString() {
            return pattern + "=" + url;
        }
    }

    private static void requireHttpUrl(String setting, URI url, Object value) {
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null
                || url.getRawUserInfo() != null || url.getRawFragment() != null) {
            throw new InvalidConfigException(setting, value, "an absolute http:// or https:// URL without user or "
                    + "fragment, such as http://127.0.0.1:9000/messages");
        }
    }

    /** Collects the settings of an {@link UpstreamConfig}, starting from the defaults. Not thread-safe. */
    public static final class Builder {
        private URI upstream;
        private final List<Route> upstreamRoutes = new ArrayList<>();
        private String upstreamSecret;
        private Duration upstreamTimeout = Duration.ofSeconds(5);
        private int upstreamInflight = 16;
        private URI authUpstream;

        private Builder() {
        }

        public Builder upstream(URI upstream) {
            this.upstream = upstream;
            return this;
        }

        /** Adds routes after those already added; {@code null} adds none. */
        public Builder upstreamRoutes(List<Route> routes) {
            if (routes != null) {
                upstreamRoutes.addAll(routes);
            }
            return this;
        }

        public Builder upstreamRoute(String pattern, URI url) {
            return upstreamRoutes(List.of(new Route(pattern, url)));
        }

        public Builder upstreamSecret(String upstreamSecret) {
            this.upstreamSecret = upstreamSecret;
            return this;
        }

        public Builder upstreamTimeout(Duration upstreamTimeout) {
            this.upstreamTimeout = upstreamTimeout;
            return this;
        }

        public Builder upstreamInflight(int upstreamInflight) {
            this.upstreamInflight = upstreamInflight;
            return this;
        }

        public Builder authUpstream(URI authUpstream) {
            this.authUpstream = authUpstream;
            return this;
        }

        public UpstreamConfig build() {
            return new UpstreamConfig(Optional.ofNullable(upstream), upstreamRoutes,
                    Optional.ofNullable(upstreamSecret), upstreamTimeout, upstreamInflight,
                    Optional.ofNullable(authUpstream));
        }
    }
}
