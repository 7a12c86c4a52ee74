package io.herald.bench.load;

import java.net.URI;

/**
 * Where the connections of a run against nchan subscribe, and where its pushes are published.
 *
 * <p>Each connection subscribes to one channel: its user's own for {@code connect} and {@code unicast} (the uid a
 * Herald run would log it in as, {@code <run>-<i>}), or, when the run broadcasts, the run's one shared channel
 * {@code <run>-all}, which no uid can be. A push to a user is published to that user's channel, a broadcast to the
 * shared one. Channels are named after the run so that what nchan keeps in a channel's message buffer from an
 * earlier run never reaches this one's subscribers, and they are plain ASCII letters, digits and {@code -}, so they
 * go into a URL as they are.
 *
 * <p>The channel is appended to the path of a location: the subscriber location {@code --ws}
 * ({@code ws://127.0.0.1:18090/sub/}) and the publisher location {@code --api}
 * ({@code http://127.0.0.1:18090/pub/}), whose nginx locations take the channel id from the rest of the path
 * ({@code nchan_channel_id $1}). Immutable.
 *
 * @param ids    the run's names
 * @param shared whether every connection subscribes to the shared channel (broadcasts) rather than its own
 */
public record NchanChannels(RunIds ids, boolean shared) {

    /** The shared channel's name after the run id's dash. */
    static final String SHARED = "all";

    /**
     * The fields every published body starts with, before its id: those of the frame Herald delivers, so that the
     * client reads both peers' pushes alike ({@link PushReader}).
     */
    static final String FRAME_START = "\"cmd\":\"push\",";

    /** The channel connection {@code index} subscribes to. */
    String channel(int index) {
        return shared ? sharedChannel() : ids.uid(index);
    }

    /** The channel every connection subscribes to when the run broadcasts. */
    String sharedChannel() {
        return ids.run() + "-" + SHARED;
    }

    /** Where connection {@code index} subscribes: {@code location} with its channel appended. */
    URI subscriber(URI location, int index) {
        return URI.create(location + channel(index));
    }

    /** The path a push to {@code channel} is published to: {@code location}'s path with the channel appended. */
    static String publishPath(URI location, String channel) {
        return location.getRawPath() + channel;
    }

    /** Whether {@code uri} can take a channel at the end: its path ends with {@code /}, and it has no query. */
    public static boolean isLocation(URI uri) {
        return uri.getRawPath() != null && uri.getRawPath().endsWith("/") && uri.getRawQuery() == null
                && uri.getRawFragment() == null;
    }
}
