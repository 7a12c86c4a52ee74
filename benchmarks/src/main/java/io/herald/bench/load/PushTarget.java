package io.herald.bench.load;

import io.herald.codec.JsonWriter;

import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Whom a scenario's pushes go to: the API path, and the target fields of each body. Called by whichever thread
 * issues a push (the run's thread, or an HTTP connection's loop); implementations are thread-safe.
 */
public interface PushTarget {

    /** {@code /api/broadcast} or {@code /api/push}. */
    String path();

    /**
     * Writes the body's target fields, each followed by a comma, and returns how many connections the push should
     * reach.
     */
    int writeTarget(JsonWriter w, RandomGenerator random);

    /**
     * Every open connection, or every member of {@code group}, which every connection joined; {@code open} counts
     * the connections open now.
     */
    static PushTarget broadcast(String group, LongSupplier open) {
        return new PushTarget() {
            @Override
            public String path() {
                return "/api/broadcast";
            }

            @Override
            public int writeTarget(JsonWriter w, RandomGenerator random) {
                if (group != null) {
                    w.raw("\"group\":").string(group).raw(",");
                }
                return (int) open.getAsLong();
            }
        };
    }

    /** {@code batch} distinct users drawn at random from {@code uids}: one as {@code uid}, more as {@code uids}. */
    static PushTarget unicast(String[] uids, int batch) {
        if (batch > uids.length) {
            throw new LoadException("--batch " + batch + " is more than the " + uids.length + " users logged in");
        }
        return new PushTarget() {
            @Override
            public String path() {
                return "/api/push";
            }

            @Override
            public int writeTarget(JsonWriter w, RandomGenerator random) {
                if (batch == 1) {
                    w.raw("\"uid\":").string(uids[random.nextInt(uids.length)]).raw(",");
                    return 1;
                }
                w.raw("\"uids\":[");
                int[] picked = Sampling.distinct(random, uids.length, batch);
                for (int i = 0; i < picked.length; i++) {
                    w.raw(i == 0 ? "" : ",").string(uids[picked[i]]);
                }
                w.raw("],");
                return batch;
            }
        };
    }
}
