package io.herald.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Outcomes counted by their reason, such as why connections failed or what status refused a push. Thread-safe. */
final class ReasonCounts {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String reason) {
        counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** All the outcomes, whatever their reason. */
    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The count of each reason, sorted by reason. */
    Map<String, Long> byReason() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((reason, n) -> sorted.put(reason, n.sum()));
        return sorted;
    }
}
