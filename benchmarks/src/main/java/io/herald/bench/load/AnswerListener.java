package io.herald.bench.load;

import io.netty.handler.codec.http.FullHttpResponse;

/** Hears what became of each push sent over the API. Called from the HTTP connections' loops; must not block. */
interface AnswerListener {

    /** The node answered {@code push}. */
    void answered(PushRequest push, FullHttpResponse response);

    /** The push got no answer: the connection closed after sending it, or before ({@code sent} false). */
    void unanswered(PushRequest push, boolean sent, String reason);
}
