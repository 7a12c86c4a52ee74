package io.herald.codec;

/**
 * The codes of replies to clients and of HTTP API responses (PROTOCOL.md): HTTP-like, the same number on
 * the wire and as the HTTP status.
 *
 * <table>
 *   <caption>Reply codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>200</td><td>done</td></tr>
 *   <tr><td>400</td><td>malformed request; the message names the field or the problem</td></tr>
 *   <tr><td>401</td><td>not logged in, bad token, or missing or wrong API key</td></tr>
 *   <tr><td>403</td><td>the token does not allow it (a group not in its {@code groups} claim)</td></tr>
 *   <tr><td>404</td><td>unknown command or path</td></tr>
 *   <tr><td>405</td><td>wrong HTTP method</td></tr>
 *   <tr><td>409</td><td>conflict: already logged in</td></tr>
 *   <tr><td>413</td><td>body too large</td></tr>
 *   <tr><td>429</td><td>rate limited; too many commands waiting for the upstream</td></tr>
 *   <tr><td>500</td><td>the server failed</td></tr>
 *   <tr><td>502</td><td>the upstream could not be reached, or its answer was not a JSON object</td></tr>
 *   <tr><td>503</td><td>the node cannot serve now (shutting down, too many connections)</td></tr>
 *   <tr><td>504</td><td>the upstream did not answer within its timeout</td></tr>
 * </table>
 */
public enum ReplyCode {
    OK(200, "ok"),
    BAD_REQUEST(400, "bad request"),
    UNAUTHORIZED(401, "unauthorized"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not found"),
    METHOD_NOT_ALLOWED(405, "method not allowed"),
    CONFLICT(409, "conflict"),
    TOO_LARGE(413, "too large"),
    TOO_MANY_REQUESTS(429, "too many requests"),
    INTERNAL_ERROR(500, "internal error"),
    BAD_GATEWAY(502, "bad gateway"),
    UNAVAILABLE(503, "unavailable"),
    GATEWAY_TIMEOUT(504, "gateway timeout");

    private final int code;
    private final String defaultMessage;

    ReplyCode(int code, String defaultMessage) {
        this.code = code;
        this.defaultMessage = defaultMessage;
    }

    public int code() {
        return code;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
