package io.herald.bench.load;

import io.herald.codec.JsonWriter;

import java.net.URI;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Whom a scenario's pushes go to, and how the peer is told: the request's path and the target fields of its body.
 * Called by whichever thread issues a push (the run's thread, or an HTTP connection's loop); implementations are
 * thread-safe.
 */
public interface PushTarget {

    /**
     * Picks one push's recipients: writes the body's target fields, each followed by a comma, and says where the
     * request goes and how many connections the push should reach.
     */
    Route pick(JsonWriter w, RandomGenerator random);

    /**
     * Where one push goes.
     *
     * @param path       the request's path
     * @param deliveries how many connections it should reach
     */
    record Route(String path, int deliveries) {
    }

    /**
     * Herald: every open connection, or every member of {@code group}, which every connection joined; {@code open}
     * counts the connections open now.
     */
    static PushTarget broadcast(String group, LongSupplier open) {
        return (w, random) -> {
            if (group != null) {
                w.raw("\"group\":").string(group).raw(",");
            }
            return new Route("/api/broadcast", (int) open.getAsLong());
        };
    }

    /**
     * Herald: {@code batch} distinct users drawn at random from {@code uids}: one as {@code uid}, more as
     * {@code uids}.
     */
    static PushTarget unicast(String[] uids, int batch) {
        if (batch > uids.length) {
            throw new LoadException("--batch " + batch + " is more than the " + uids.length + " users logged in");
        }
        Route route = new Route("/api/push", batch);
        return (w, random) -> {
            if (batch == 1) {
                w.raw("\"uid\":").string(uids[random.nextInt(uids.length)]).raw(",");
                return route;
            }
            w.raw("\"uids\":[");
            int[] picked = Sampling.distinct(random, uids.length, batch);
            for (int i = 0; i < picked.length; i++) {
                w.raw(i == 0 ? "" : ",").string(uids[picked[i]]);
            }
            w.raw("],");
            return route;
        };
    }

    /** Every other push to {@code first}, the rest to {@code second}: half broadcasts, half unicasts, say. */
    static PushTarget alternate(PushTarget first, PushTarget second) {
        java.util.concurrent.atomic.AtomicLong picks = new java.util.concurrent.atomic.AtomicLong();
        return (w, random) -> (picks.getAndIncrement() % 2 == 0 ? first : second).pick(w, random);
    }

    /**
     * nchan: the shared channel every connection subscribed to, published through {@code api}, the publisher
     * location; {@code open} counts the connections open now. The body is the frame Herald would deliver (see
     * {@link #nchanUnicast}).
     */
    static PushTarget nchanBroadcast(URI api, NchanChannels channels, LongSupplier open) {
        String path = NchanChannels.publishPath(api, channels.sharedChannel());
        return (w, random) -> {
            w.raw(NchanChannels.FRAME_START);
            return new Route(path, (int) open.getAsLong());
        };
    }

    /**
     * nchan: one of the connections {@code indexes} drawn at random, published to its own channel through
     * {@code api}. nchan delivers a published body as the frame: the body starts as Herald's push frame does
     * ({@code {"cmd":"push","id":…}}), so that the client reads both peers' pushes alike.
     */
    static PushTarget nchanUnicast(URI api, NchanChannels channels, int[] indexes) {
        if (indexes.length == 0) {
            throw new LoadException("no connection subscribed: nothing to push to");
        }
        String[] paths = new String[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            paths[i] = NchanChannels.publishPath(api, channels.channel(indexes[i]));
        }
        return (w, random) -> {
            w.raw(NchanChannels.FRAME_START);
            return new Route(paths[random.nextInt(paths.length)], 1);
        };
    }
}
