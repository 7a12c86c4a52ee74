package io.herald.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * One push on its way: its number, the send time its payload carries, where it goes, and its body, which the HTTP
 * connection that sends it owns and releases.
 *
 * @param seq        the message's number in the run
 * @param sentMicros its send time (epoch microseconds): when it was due, under a rate; when it was issued, otherwise
 * @param path       the request's path: {@code /api/push}, {@code /api/broadcast}, or an nchan channel's
 *                   {@code /pub/<channel>}
 * @param body       the request body
 */
public record PushRequest(long seq, long sentMicros, String path, ByteBuf body) {
}
