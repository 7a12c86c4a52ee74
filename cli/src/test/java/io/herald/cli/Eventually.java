package io.herald.cli;

import java.util.concurrent.TimeUnit;

/**
 * Bounded polling, for the one thing a test can only learn by asking again: that time has done its work (a
 * node's registration expired, so the cluster no longer lists it). Runs an assertion every few milliseconds
 * until it passes, and fails with its last complaint once the bound has passed. Any thread.
 */
final class Eventually {

    private static final long INTERVAL_MILLIS = 20;

    private Eventually() {
    }

    /**
     * Runs {@code assertion} until it passes or {@code deadlineNanos} (a {@link System#nanoTime()} value) has
     * passed; then rethrows its last failure, naming {@code what}.
     */
    static void assertBefore(long deadlineNanos, String what, Runnable assertion) {
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() - deadlineNanos > 0) {
                    throw new AssertionError(what + ": still not so at the deadline", e);
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
