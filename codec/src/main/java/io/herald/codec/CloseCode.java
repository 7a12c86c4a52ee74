package io.herald.codec;

/**
 * The WebSocket close codes the server uses (PROTOCOL.md), with the reason text sent beside them.
 *
 * <table>
 *   <caption>Close codes</caption>
 *   <tr><th>code</th><th>when</th></tr>
 *   <tr><td>1001</td><td>server going away: reconnect elsewhere</td></tr>
 *   <tr><td>1009</td><td>a frame or message over the frame limit</td></tr>
 *   <tr><td>4001</td><td>unauthorized: the login token was refused</td></tr>
 *   <tr><td>4002</td><td>no login within the login timeout</td></tr>
 *   <tr><td>4003</td><td>kicked through the API</td></tr>
 *   <tr><td>4008</td><td>rate limited: too many bad frames</td></tr>
 *   <tr><td>4009</td><td>too slow to read: the send buffer, or the node's outbound memory, is over its limit</td></tr>
 *   <tr><td>4010</td><td>too many connections for this user: a newer one replaced it, or (at login) the limit
 *   refused this one</td></tr>
 * </table>
 */
public enum CloseCode {
    GOING_AWAY(1001, "server going away"),
    TOO_BIG(1009, "frame too big"),
    UNAUTHORIZED(4001, "unauthorized"),
    LOGIN_TIMEOUT(4002, "login timeout"),
    KICKED(4003, "kicked"),
    RATE_LIMITED(4008, "rate limited"),
    TOO_SLOW(4009, "too slow to read"),
    /** The oldest connection of a user past {@code --max-conns-per-user}, closed for a newer one. */
    REPLACED(4010, "replaced: too many connections for this user"),
    /** A login past {@code --max-conns-per-user} refused ({@code reject}): the same code, its own reason. */
    TOO_MANY_CONNECTIONS(4010, "too many connections for this user");

    private final int code;
    private final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
