package io.herald.gateway.upstream;

import io.herald.codec.RawJson;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.List;

/**
 * What the upstream answered a command: its HTTP status, and from its optional JSON object the {@code msg} and
 * {@code data} of the client's reply and the pushes to perform.
 *
 * @param status the HTTP status, the reply's code
 * @param msg    the reply's message, or {@code null} for the status's reason phrase
 * @param data   the reply's data as sent, or {@code null} to leave it out (absent, or JSON null)
 * @param pushes the elements of {@code push} as sent, each to be read as a push; empty for none
 */
public record UpstreamAnswer(int status, String msg, RawJson data, List<RawJson> pushes) {

    /** The reply's message: {@code msg}, else the reason phrase of the status ({@code Forbidden} for 403). */
    public String message() {
        return msg != null ? msg : HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
