package io.herald.bench;

import io.herald.bench.load.Peer;
import io.herald.codec.InvalidConfigException;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The checks {@link BenchConfig} makes of the {@code slow-readers} scenario's settings, and the default it derives:
 * {@value #DEFAULT_SLOW_READERS} connections that never read. Stateless.
 */
final class SlowReaderSettings {

    /** How many connections stop reading unless told. */
    static final int DEFAULT_SLOW_READERS = 2000;

    private SlowReaderSettings() {
    }

    /**
     * What {@code slow-readers} needs: Herald, one node, a push rate, a duration rather than a count, no batch or
     * group, its clients in this process; how many never read, {@link #DEFAULT_SLOW_READERS} where not given. The
     * other scenarios take none. Returns how many never read, or null for the other scenarios.
     */
    static Integer check(Scenario scenario, Integer slowReaders, int rate, long count, int batch,
                         Optional<String> group, Peer peer, List<URI> ws, int processes) {
        if (scenario != Scenario.SLOW_READERS) {
            require("slowReaders", slowReaders, slowReaders == null, "only with the slow-readers scenario");
            return null;
        }
        int n = slowReaders == null ? DEFAULT_SLOW_READERS : slowReaders;
        require("slowReaders", n, n > 0, "> 0");
        require("peer", peer.label(), peer == Peer.HERALD, "herald for slow-readers");
        require("ws", ws.size(), ws.size() == 1, "one node for slow-readers: its memory is what is measured");
        require("rate", rate, rate > 0, "> 0 for slow-readers: pushes a second, half broadcasts, half unicasts");
        require("count", count, count == 0, "none for slow-readers: it pushes for --duration");
        require("batch", batch, batch == 1, "1 for slow-readers");
        require("group", group.orElse(null), group.isEmpty(), "none for slow-readers: it broadcasts to everyone");
        require("processes", processes, processes <= 1, "0 or 1 for slow-readers: its clients live in this process");
        return n;
    }

    private static void require(String setting, Object value, boolean ok, String expected) {
        if (!ok) {
            throw new InvalidConfigException(setting, value, expected);
        }
    }
}
