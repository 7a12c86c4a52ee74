package io.herald.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * One push on its way: its number, the send time its payload carries, and its JSON body, which the HTTP
 * connection that sends it owns and releases.
 *
 * @param seq        the message's number in the run
 * @param sentMicros its send time (epoch microseconds): when it was due, under a rate; when it was issued, otherwise
 * @param body       the request body
 */
public record PushRequest(long seq, long sentMicros, ByteBuf body) {
}
