package io.herald.gateway.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * How many logged-in connections ended with each close code (1006 where no close frame went either way), for the
 * node's metrics. Counted on the connections' loops as they close, read by a scrape on another thread; a code's
 * counter is made once, then added to without a lock. Codes are at most the few thousand a close frame can carry.
 */
public final class CloseCounts {

    private final Map<Integer, LongAdder> byCode = new ConcurrentHashMap<>();

    void closed(int code) {
        byCode.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** Hands each code seen so far, with its count, to {@code action}. */
    public void forEach(BiConsumer<Integer, Long> action) {
        byCode.forEach((code, count) -> action.accept(code, count.sum()));
    }
}
