package io.herald.gateway.upstream;

import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Logs one kind of failure once per burst, not once per message: the first failure of a burst in full, then at most
 * one line per period with how many more there were; a period without any ends the burst, so that the next failure
 * is logged in full again. Thread-safe: failures come from every event loop; the summary runs on {@code timer}.
 */
final class BurstLog {

    private final Logger log;
    private final String what;
    private final EventExecutor timer;
    private final long periodMillis;
    private final AtomicBoolean inBurst = new AtomicBoolean();
    private final AtomicLong since = new AtomicLong();

    /**
     * @param what   the failure, as the log names it: {@code "Upstream calls timed out"}
     * @param period how often a burst's count is logged
     */
    BurstLog(Logger log, String what, EventExecutor timer, Duration period) {
        this.log = log;
        this.what = what;
        this.timer = timer;
        this.periodMillis = period.toMillis();
    }

    /** One failure; {@code detail} is asked for and logged only where it opens a burst. */
    void failed(Supplier<?> detail) {
        if (inBurst.compareAndSet(false, true)) {
            log.warn("{}: {} (further ones are counted, and logged at most every {} s)", what, detail.get(),
                    periodMillis / 1000);
            timer.schedule(this::summarize, periodMillis, TimeUnit.MILLISECONDS);
        } else {
            since.incrementAndGet();
        }
    }

    private void summarize() {
        long more = since.getAndSet(0);
        if (more > 0) {
            log.warn("{}: {} more in the last {} s", what, more, periodMillis / 1000);
            timer.schedule(this::summarize, periodMillis, TimeUnit.MILLISECONDS);
            return;
        }
        inBurst.set(false);
        // A failure between the read above and the reset was counted, not logged: it opens the next burst's count.
        if (since.get() > 0 && inBurst.compareAndSet(false, true)) {
            timer.schedule(this::summarize, periodMillis, TimeUnit.MILLISECONDS);
        }
    }
}
