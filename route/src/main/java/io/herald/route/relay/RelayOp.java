package io.herald.route.relay;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * One operation relayed to another node. Operations that carry a frame hold their own reference to it, which
 * {@link RelayCodec#encode} releases once the bytes are in the request.
 */
public sealed interface RelayOp {

    /** The frame this operation carries, or {@code null}. */
    default ByteBuf frame() {
        return null;
    }

    record ToUsers(List<String> uids, ByteBuf frame) implements RelayOp {
    }

    record ToConnection(String conn, ByteBuf frame) implements RelayOp {
    }

    record ToGroup(String group, ByteBuf frame) implements RelayOp {
    }

    record ToAll(ByteBuf frame) implements RelayOp {
    }

    record KickUser(String uid) implements RelayOp {
    }

    record KickConnection(String conn) implements RelayOp {
    }

    record Join(String group, String uid) implements RelayOp {
    }

    record Leave(String group, String uid) implements RelayOp {
    }
}
