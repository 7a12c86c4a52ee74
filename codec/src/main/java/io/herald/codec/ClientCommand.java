package io.herald.codec;

import java.util.Map;

/**
 * A command a client sends over its WebSocket (PROTOCOL.md). Every command carries the client-chosen
 * {@link #id()} that its reply echoes; for {@link Ack} it is the id of the push being acknowledged.
 */
public sealed interface ClientCommand {

    String id();

    /** The command's name as it travels in {@code cmd}. */
    String cmd();

    /**
     * {@code login}: who the connection is, proved by a token; {@code since} the stream positions a client that
     * logs in again reached, to recover what it missed (empty for none); {@code ordered} whether the replies of
     * its commands that go to the upstream come back in the order it sent them (else as they complete).
     */
    record Login(String id, String uid, String token, String device, Map<String, StreamPosition> since,
                 boolean ordered) implements ClientCommand {
        public static final String CMD = "login";

        public Login {
            since = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(since));
        }

        /** A login whose upstream replies come as they complete. */
        public Login(String id, String uid, String token, String device, Map<String, StreamPosition> since) {
            this(id, uid, token, device, since, false);
        }

        @Override
        public String cmd() {
            return CMD;
        }
    }

    /** {@code heartbeat}: the client is alive. */
    record Heartbeat(String id) implements ClientCommand {
        public static final String CMD = "heartbeat";

        @Override
        public String cmd() {
            return CMD;
        }
    }

    /** {@code ack}: the client received the push whose id is {@link #id()}. Gets no reply. */
    record Ack(String id) implements ClientCommand {
        public static final String CMD = "ack";

        @Override
        public String cmd() {
            return CMD;
        }
    }

    /** {@code join}: add the logged-in user to a group its token allows. */
    record Join(String id, String group) implements ClientCommand {
        public static final String CMD = "join";

        @Override
        public String cmd() {
            return CMD;
        }
    }

    /** {@code leave}: remove the logged-in user from a group. */
    record Leave(String id, String group) implements ClientCommand {
        public static final String CMD = "leave";

        @Override
        public String cmd() {
            return CMD;
        }
    }

    /**
     * {@code refresh}: a fresh token for the logged-in user, so that its connection outlives the old token's
     * {@code exp}.
     */
    record Refresh(String id, String token) implements ClientCommand {
        public static final String CMD = "refresh";

        @Override
        public String cmd() {
            return CMD;
        }
    }

    /** Any other command: for the upstream where one is set. {@code data} is JSON null when absent. */
    record Custom(String id, String cmd, RawJson data) implements ClientCommand {
    }
}
