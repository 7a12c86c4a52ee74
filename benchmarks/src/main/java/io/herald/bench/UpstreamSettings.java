package io.herald.bench;

import io.herald.bench.load.Peer;
import io.herald.codec.InvalidConfigException;

import java.net.URI;
import java.util.Optional;

/**
 * The checks {@link BenchConfig} makes of the {@code upstream} scenario's settings, and the default it derives: the
 * echo upstream at {@value #DEFAULT_URL}. Stateless.
 */
final class UpstreamSettings {

    /** Where the echo upstream listens unless told: start the node with {@code --upstream} this URL. */
    static final String DEFAULT_URL = "http://127.0.0.1:9900/";

    /** Connections per room: each command's push reaches this many connections. */
    static final int ROOM_SIZE = 10;

    private UpstreamSettings() {
    }

    /**
     * What {@code upstream} needs: Herald, a command rate, a duration rather than a count, no batch or group (the
     * rooms are its groups), its clients in this process; an {@code http://} URL to listen at, {@link #DEFAULT_URL}
     * where none is given. The other scenarios take no URL. Returns the URL.
     */
    static Optional<URI> check(Scenario scenario, Optional<URI> url, int rate, long count, int batch,
                               Optional<String> group, Peer peer, int processes) {
        if (scenario != Scenario.UPSTREAM) {
            require("upstreamUrl", url.orElse(null), url.isEmpty(), "only with the upstream scenario");
            return url;
        }
        URI listen = url.orElse(URI.create(DEFAULT_URL));
        require("upstreamUrl", listen, "http".equals(listen.getScheme()) && listen.getHost() != null
                && listen.getPort() > 0, "an http://HOST:PORT/ URL to listen at, such as " + DEFAULT_URL);
        require("peer", peer.label(), peer == Peer.HERALD, "herald for upstream: nchan has no upstream");
        require("rate", rate, rate > 0, "> 0 for upstream: commands a second, over all connections");
        require("count", count, count == 0, "none for upstream: it sends commands for --duration");
        require("batch", batch, batch == 1, "1 for upstream");
        require("group", group.orElse(null), group.isEmpty(), "none for upstream: its rooms are its groups");
        require("processes", processes, processes <= 1, "0 or 1 for upstream: its clients live in this process");
        return Optional.of(listen);
    }

    private static void require(String setting, Object value, boolean ok, String expected) {
        if (!ok) {
            throw new InvalidConfigException(setting, value, expected);
        }
    }
}
