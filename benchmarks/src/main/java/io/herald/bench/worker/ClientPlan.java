package io.herald.bench.worker;

import io.herald.bench.load.LoadException;

import java.util.ArrayList;
import java.util.List;

/**
 * How the run's connections are spread over client processes. A process may hold only so many open files
 * ({@code ulimit -n}: 20,000 here), and each connection is one; past what one process can hold, or when asked,
 * the run starts worker processes and gives each an equal share of consecutive connection indexes, while this
 * process only pushes and counts. Immutable.
 *
 * @param workers    worker processes to start; 0 holds every connection in this process
 * @param shares     each worker's connections, in order: {@code [from, to)}, sizes within one of each other
 * @param perProcess the most connections one process may hold here; {@link Long#MAX_VALUE} where unlimited
 */
public record ClientPlan(int workers, List<Share> shares, long perProcess) {

    /** The most client processes a run may start. */
    public static final int MAX_PROCESSES = 64;

    /**
     * Open files a process keeps beside its connections: the JVM's own (jars, libraries, epoll and event
     * descriptors of every loop) and this one's HTTP connections to the API.
     */
    static final int RESERVED_FILES = 1000;

    /** Connections {@code [from, to)}. */
    record Share(int from, int to) {
        int size() {
            return to - from;
        }
    }

    /** This process alone. */
    public boolean local() {
        return workers == 0;
    }

    /**
     * The plan for {@code connections}: in {@code requested} processes (1: this one alone; 0: as many as the
     * open-file limit calls for), with {@code fileLimit} files per process (-1: unlimited).
     *
     * @throws LoadException where the requested processes cannot hold the connections
     */
    public static ClientPlan of(int connections, int requested, long fileLimit) {
        long perProcess = fileLimit < 0 ? Long.MAX_VALUE : Math.max(1, fileLimit - RESERVED_FILES);
        int processes = requested > 0 ? requested
                : (int) Math.min(MAX_PROCESSES + 1L, ceil(connections, perProcess));
        if (processes > MAX_PROCESSES) {
            throw new LoadException(connections + " connections need more than " + MAX_PROCESSES
                    + " client processes of " + perProcess + " connections each (open-file limit " + fileLimit + ")");
        }
        long largest = ceil(connections, processes);
        if (largest > perProcess) {
            throw new LoadException("--processes " + processes + " puts " + largest + " connections in one process;"
                    + " one may hold " + perProcess + " here (open-file limit " + fileLimit + " less "
                    + RESERVED_FILES + "): give --processes " + ceil(connections, perProcess)
                    + " or more, or 0 to choose");
        }
        if (processes == 1) {
            return new ClientPlan(0, List.of(), perProcess);
        }
        return new ClientPlan(processes, split(connections, processes), perProcess);
    }

    private static long ceil(long n, long d) {
        return n / d + (n % d == 0 ? 0 : 1);
    }

    /** {@code n} indexes in {@code parts} consecutive shares whose sizes differ by at most one. */
    static List<Share> split(int n, int parts) {
        List<Share> shares = new ArrayList<>(parts);
        int from = 0;
        for (int k = 0; k < parts; k++) {
            int size = n / parts + (k < n % parts ? 1 : 0);
            shares.add(new Share(from, from + size));
            from += size;
        }
        return List.copyOf(shares);
    }

    /**
     * Share {@code k}'s part of a rate of {@code perSecond} in all, in proportion to its size; at least 1 where
     * the rate is not 0 (unpaced).
     */
    int rate(int perSecond, int k) {
        if (perSecond == 0) {
            return 0;
        }
        int total = shares.get(shares.size() - 1).to();
        return (int) Math.max(1, Math.round((double) perSecond * shares.get(k).size() / total));
    }
}
