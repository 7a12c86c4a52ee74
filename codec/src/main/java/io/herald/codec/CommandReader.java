package io.herald.codec;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads one client frame's JSON text into a {@link ClientCommand}. Stateless and thread-safe.
 */
public final class CommandReader {

    private final Json json;

    public CommandReader(Json json) {
        this.json = json;
    }

    /**
     * Reads a command from UTF-8 JSON text.
     *
     * @throws WireException 400 naming the problem, with the request's id and cmd where they were readable
     */
    public ClientCommand read(byte[] utf8, int offset, int length) throws WireException {
        JsonObject object = JsonObject.parse(json, utf8, offset, length);
        // Read for echoing first, so that an error in either still echoes the other.
        String id = echoable(object, "id");
        String cmd = echoable(object, "cmd");
        try {
            object.optString("id");
            return command(object, object.requireName("cmd"));
        } catch (WireException e) {
            throw e.withRequest(id, cmd);
        }
    }

    /**
     * A login carried by the WebSocket upgrade request ({@code /ws?uid=…&token=…&since=…}) rather than a
     * {@code login} command: it has no id, so its reply has none either; {@code since}, where given, is the same
     * JSON object as a login command's, as text; {@code ordered}, where given, {@code true} or {@code false}.
     *
     * @throws WireException 400 naming the problem: {@code uid} missing, {@code since} not positions,
     *                       {@code ordered} neither true nor false
     */
    public ClientCommand.Login upgradeLogin(String uid, String token, String device, String since, String ordered)
            throws WireException {
        if (uid == null || uid.isEmpty()) {
            throw WireException.missing("uid");
        }
        if (!JsonObject.isName(uid) || device != null && !JsonObject.isName(device)) {
            throw new WireException(ReplyCode.BAD_REQUEST, "parameter '" + (JsonObject.isName(uid) ? "device" : "uid")
                    + "' " + JsonObject.NAME_RULE);
        }
        Map<String, StreamPosition> positions = Map.of();
        if (since != null && !since.isEmpty()) {
            byte[] utf8 = since.getBytes(StandardCharsets.UTF_8);
            positions = JsonObject.parse(json, utf8, 0, utf8.length).positions("since");
        }
        if (ordered != null && !"true".equals(ordered) && !"false".equals(ordered)) {
            throw WireException.wrongType("ordered", "true or false");
        }
        return new ClientCommand.Login(null, uid, token, device == null || device.isEmpty() ? null : device,
                positions, "true".equals(ordered));
    }

    /** {@link #upgradeLogin(String, String, String, String, String)} without {@code ordered}. */
    public ClientCommand.Login upgradeLogin(String uid, String token, String device, String since)
            throws WireException {
        return upgradeLogin(uid, token, device, since, null);
    }

    private static String echoable(JsonObject object, String field) {
        try {
            String value = object.optString(field);
            return value == null || value.isEmpty() ? null : value;
        } catch (WireException e) {
            return null;
        }
    }

    private static ClientCommand command(JsonObject object, String cmd) throws WireException {
        switch (cmd) {
            case ClientCommand.Login.CMD:
                return new ClientCommand.Login(object.requireString("id"), object.requireName("uid"),
                        object.requireString("token"), object.optName("device"), object.optPositions("since"),
                        object.optBoolean("ordered"));
            case ClientCommand.Heartbeat.CMD:
                return new ClientCommand.Heartbeat(object.requireString("id"));
            case ClientCommand.Ack.CMD:
                return new ClientCommand.Ack(object.requireString("id"));
            case ClientCommand.Join.CMD:
                return new ClientCommand.Join(object.requireString("id"), object.requireName("group"));
            case ClientCommand.Leave.CMD:
                return new ClientCommand.Leave(object.requireString("id"), object.requireName("group"));
            case ClientCommand.Refresh.CMD:
                return new ClientCommand.Refresh(object.requireString("id"), object.requireString("token"));
            default:
                RawJson data = object.optRaw("data");
                return new ClientCommand.Custom(object.requireString("id"), cmd, data == null ? RawJson.NULL : data);
        }
    }
}
