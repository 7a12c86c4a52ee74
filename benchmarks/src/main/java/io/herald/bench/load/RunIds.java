package io.herald.bench.load;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The names one run gives its users and messages, under a random run id so that runs never collide in the node's
 * dedupe window or session index: users {@code <run>-<n>}, messages {@code <run>.<seq>}, where {@code seq} counts
 * the run's pushes from 0. Immutable.
 */
public final class RunIds {

    private final String run;
    private final String messagePrefix;

    /** @param run ASCII letters and digits, so that ids need no escaping in JSON */
    public RunIds(String run) {
        if (run == null || !run.matches("[0-9A-Za-z]+")) {
            throw new IllegalArgumentException("run: " + run + " (expected: ASCII letters and digits)");
        }
        this.run = run;
        this.messagePrefix = run + ".";
    }

    /** Six random base-36 characters. */
    public static RunIds random() {
        long fiveDigits = 36L * 36 * 36 * 36 * 36;
        return new RunIds(Long.toString(ThreadLocalRandom.current().nextLong(fiveDigits, fiveDigits * 36), 36));
    }

    public String run() {
        return run;
    }

    String uid(int index) {
        return run + "-" + index;
    }

    /** What every message id of the run starts with: the run id and a dot. */
    String messagePrefix() {
        return messagePrefix;
    }

    public String messageId(long seq) {
        return messagePrefix + seq;
    }

    /** The sequence number of one of this run's message ids, or -1 for any other id. */
    long seq(String messageId) {
        if (messageId == null || !messageId.startsWith(messagePrefix) || messageId.length() == messagePrefix.length()
                || messageId.length() > messagePrefix.length() + 18) {
            return -1;
        }
        long seq = 0;
        for (int i = messagePrefix.length(); i < messageId.length(); i++) {
            char c = messageId.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            seq = seq * 10 + (c - '0');
        }
        return seq;
    }
}
