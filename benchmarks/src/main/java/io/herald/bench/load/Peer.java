package io.herald.bench.load;

import io.herald.codec.InvalidConfigException;

import java.util.Locale;

/**
 * The server a run loads: Herald, or nginx with the nchan module, so that the same scenarios, measured by the same
 * client in the same way, can be run against both and compared.
 *
 * <p>With nchan a connection is ready once its WebSocket upgrade to {@code /sub/<channel>} is done (nchan has no
 * login), and a push is {@code POST /pub/<channel>} whose body nchan delivers as the frame: the bench makes that body
 * the frame Herald would deliver ({@code {"cmd":"push","id":…,"data":{"t":…}}}), so that one reader reads both
 * peers' pushes and counts losses, duplicates and latency alike. See {@link NchanChannels}.
 */
public enum Peer {

    /** Herald: log in over {@code /ws}, push through {@code /api/push} and {@code /api/broadcast}. */
    HERALD,
    /** nginx with nchan: subscribe over WebSocket to a channel, publish to it over HTTP. */
    NCHAN;

    /** What {@link #parse} takes, for messages. */
    public static final String LABELS = "herald or nchan";

    /** The name users type: {@code herald}, {@code nchan}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Its label, as {@code --help} shows the default. */
    @Override
    public String toString() {
        return label();
    }

    /** Reads a peer by its label. */
    public static Peer parse(String label) {
        for (Peer p : values()) {
            if (p.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new InvalidConfigException("peer", label, LABELS);
    }
}
