package io.herald.client;

/**
 * A push from the node: {@code {"cmd":"push","id":…,"stream":…,"seq":…,"group":…,"data":…}}.
 *
 * @param id the push's id (its idempotency key, which the client acks and de-duplicates by)
 * @param stream the stream it belongs to ({@code user:alice}, {@code group:room1}, {@code all}), or null for a push
 *     to one connection, which has no stream
 * @param seq its seq in the stream, or 0 where it has no stream
 * @param group the group of a group push, or null
 * @param data its data, the JSON text exactly as the backend sent it
 */
public record Push(String id, String stream, long seq, String group, String data) {
}
