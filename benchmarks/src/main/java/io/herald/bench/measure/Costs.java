package io.herald.bench.measure;

/**
 * What each operation cost between two {@linkplain ProcessSampler.Sample samples}: CPU time per operation, memory
 * growth per connection. A reading that is missing (-1: the process was not sampled) or nothing to divide by
 * makes no figure (null) rather than a wrong one. Stateless.
 */
public final class Costs {

    private Costs() {
    }

    /** Microseconds of CPU per operation between two CPU readings (nanoseconds); null where one is missing. */
    public static Double perOperation(long beforeNanos, long afterNanos, long operations) {
        if (beforeNanos < 0 || afterNanos < 0 || operations <= 0) {
            return null;
        }
        return (afterNanos - beforeNanos) / 1000.0 / operations;
    }

    /** KiB of memory growth per connection between two readings (bytes); null where one is missing. */
    public static Double kibPerConnection(long beforeBytes, long afterBytes, long connections) {
        if (beforeBytes < 0 || afterBytes < 0 || connections <= 0) {
            return null;
        }
        return (afterBytes - beforeBytes) / 1024.0 / connections;
    }
}
