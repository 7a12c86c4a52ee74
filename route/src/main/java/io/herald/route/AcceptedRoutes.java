package io.herald.route;

import io.herald.codec.StreamPosition;

import java.util.List;

/**
 * The routes of a user read in the very step that gave a push on the user's stream its seq, handed from the stream
 * store to the router. A stream store that can read them there (Redis: the user's routes and stream share a hash
 * tag, so the accept script reads both) saves the router a round trip of its own; one that cannot hands none, and
 * the router reads the registry as before.
 *
 * <h2>Why this cannot misroute</h2>
 * These are not cached routes: they are read after the push took its seq, atomically with it, exactly as the
 * router's own read would be, only earlier. A login registers its route before it reads its streams' positions,
 * so a connection whose route these miss logged in after the push took its seq, and its login's position already
 * counts the push. Each snapshot serves one push, once: the router takes it out.
 *
 * <p>Thread-safe: the store offers on its own threads, the router takes on any.
 */
public interface AcceptedRoutes {

    /** A store that reads no routes: the router always asks the registry. */
    AcceptedRoutes NONE = (stream, position) -> null;

    /**
     * Takes out the routes read with the push at {@code position} of the user stream {@code stream}: the user's
     * routes on live nodes, none where the user has no connection. {@code null} where none were read (another
     * store, a node the last view of live nodes did not know, or taken already).
     */
    List<ConnectionRoute> take(String stream, StreamPosition position);
}
