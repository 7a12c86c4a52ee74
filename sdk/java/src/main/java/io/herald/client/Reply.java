package io.herald.client;

/**
 * The node's reply to a command: {@code {"id":…,"cmd":…,"code":200,"msg":"ok","data":…}}.
 *
 * @param cmd the command replied to
 * @param code HTTP-like: 200 for success; any other code fails the command's future with a {@link ReplyException}
 * @param msg the reply's message
 * @param data the reply's data as JSON text, exactly as sent, or null where it has none
 */
public record Reply(String cmd, int code, String msg, String data) {

    /** Whether the code is a success (2xx). */
    public boolean ok() {
        return code >= 200 && code < 300;
    }
}
