package io.herald.route.relay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.herald.codec.Json;
import io.herald.codec.ReplyCode;
import io.herald.codec.StreamPosition;
import io.herald.codec.WireException;
import io.herald.route.Delivery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a relay request in one pass of one parser over its bytes: each operation's fields as they come, and of its
 * push's frame only where it starts and ends, so that the frame's bytes are copied once, from the request straight
 * into the buffer the operation holds. (A tree of the request would scan and copy each frame three times more.)
 * The whole request is read and checked before any operation or buffer exists, so a malformed one yields none.
 * Stateless; called on the API loop that read the request.
 */
final class RelayRequestReader {

    /** One operation's fields as read; {@code null} or -1 where absent. */
    private static final class Fields {
        String op;
        List<String> uids;
        String conn;
        String group;
        String uid;
        String id;
        String stream;
        String epoch;
        long seq = -1;
        long await;
        boolean receipt;
        boolean stored;
        int frameStart = -1;
        int frameEnd;
    }

    /** The fields an operation may have, each at most once. */
    private static final List<String> FIELDS = List.of("op", "uids", "conn", "group", "uid", "id", "stream", "epoch",
            "seq", "await", "receipt", "stored", "frame");

    private RelayRequestReader() {
    }

    /**
     * Reads {@code body} into its operations, each push's frame copied into a buffer of {@code alloc} that the
     * operation holds.
     *
     * @throws WireException 400 for a request that is not a relay request, naming what is wrong
     */
    static List<RelayOp> read(Json json, byte[] body, ByteBufAllocator alloc) throws WireException {
        List<Fields> parsed = parse(json, body);
        for (Fields fields : parsed) {
            check(fields);
        }
        List<RelayOp> ops = new ArrayList<>(parsed.size());
        try {
            for (Fields fields : parsed) {
                ops.add(build(fields, body, alloc));
            }
        } catch (RuntimeException e) {
            ops.forEach(RelayOp::release);
            throw e;
        }
        return ops;
    }

    private static List<Fields> parse(Json json, byte[] body) throws WireException {
        List<Fields> parsed = null;
        try (JsonParser p = json.parser(body, 0, body.length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new WireException(ReplyCode.BAD_REQUEST, "expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean ops = "ops".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (!ops || value == JsonToken.VALUE_NULL) {
                    p.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw WireException.wrongType("ops", "an array of objects");
                }
                if (parsed != null) {
                    throw duplicate("ops");
                }
                parsed = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) == JsonToken.START_OBJECT) {
                    parsed.add(op(p));
                }
                if (next != JsonToken.END_ARRAY) {
                    throw WireException.wrongType("ops", "an array of objects");
                }
            }
            if (p.nextToken() != null) {
                throw new WireException(ReplyCode.BAD_REQUEST, "malformed JSON: trailing content after the object");
            }
        } catch (JsonProcessingException e) {
            throw new WireException(ReplyCode.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // Reading from a byte array does no I/O; anything else the parser throws is still bad input.
            throw new WireException(ReplyCode.BAD_REQUEST, "malformed JSON");
        }
        if (parsed == null) {
            throw WireException.missing("ops");
        }
        return parsed;
    }

    /** Reads one operation's fields; the parser is at its {@code START_OBJECT}, and is left at its end. */
    private static Fields op(JsonParser p) throws IOException, WireException {
        Fields f = new Fields();
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            // Each known field once: a bit per field, in the order of FIELDS.
            int index = FIELDS.indexOf(name);
            if (index >= 0) {
                if ((seen & 1 << index) != 0) {
                    throw duplicate(name);
                }
                seen |= 1 << index;
            }
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "op" -> f.op = string(p, name);
                case "uids" -> f.uids = strings(p, name);
                case "conn" -> f.conn = string(p, name);
                case "group" -> f.group = string(p, name);
                case "uid" -> f.uid = string(p, name);
                case "id" -> f.id = string(p, name);
                case "stream" -> f.stream = string(p, name);
                case "epoch" -> f.epoch = string(p, name);
                case "seq" -> f.seq = integer(p, name);
                case "await" -> f.await = integer(p, name);
                case "receipt" -> f.receipt = bool(p, name);
                case "stored" -> f.stored = bool(p, name);
                case "frame" -> {
                    if (value != JsonToken.START_OBJECT) {
                        throw WireException.wrongType(name, "an object");
                    }
                    f.frameStart = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    f.frameEnd = (int) p.currentLocation().getByteOffset();
                }
                default -> p.skipChildren();
            }
        }
        return f;
    }

    private static String string(JsonParser p, String field) throws IOException, WireException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw WireException.wrongType(field, "a string");
        }
        return p.getText();
    }

    private static List<String> strings(JsonParser p, String field) throws IOException, WireException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw WireException.wrongType(field, "an array of strings");
        }
        List<String> values = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_STRING || p.getTextLength() == 0) {
                throw WireException.wrongType(field, "an array of non-empty strings");
            }
            values.add(p.getText());
        }
        return values;
    }

    private static long integer(JsonParser p, String field) throws IOException, WireException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || p.getLongValue() < 0) {
            throw WireException.wrongType(field, "an integer >= 0");
        }
        return p.getLongValue();
    }

    private static WireException duplicate(String field) {
        return new WireException(ReplyCode.BAD_REQUEST, "duplicate field '" + field + "'");
    }

    private static boolean bool(JsonParser p, String field) throws WireException {
        if (!p.currentToken().isBoolean()) {
            throw WireException.wrongType(field, "true or false");
        }
        return p.currentToken() == JsonToken.VALUE_TRUE;
    }

    /** Checks that an operation has what its kind needs, before any is built. */
    private static void check(Fields f) throws WireException {
        nonEmpty("op", f.op);
        switch (f.op) {
            case RelayOp.ToUsers.OP -> {
                if (f.uids == null) {
                    throw WireException.missing("uids");
                }
                checkPush(f);
            }
            case RelayOp.ToConnection.OP -> {
                nonEmpty("conn", f.conn);
                checkPush(f);
            }
            case RelayOp.ToGroup.OP -> {
                nonEmpty("group", f.group);
                checkPush(f);
            }
            case RelayOp.ToAll.OP -> checkPush(f);
            case RelayOp.KickUser.OP -> nonEmpty("uid", f.uid);
            case RelayOp.KickConnection.OP, RelayOp.ReplaceConnection.OP -> nonEmpty("conn", f.conn);
            case RelayOp.Join.OP, RelayOp.Leave.OP -> {
                nonEmpty("group", f.group);
                nonEmpty("uid", f.uid);
            }
            default -> throw new WireException(ReplyCode.BAD_REQUEST, "unknown relay op '" + f.op + "'");
        }
    }

    private static void checkPush(Fields f) throws WireException {
        if (f.frameStart < 0) {
            throw WireException.missing("frame");
        }
        nonEmpty("id", f.id);
        if (f.epoch != null && f.epoch.isEmpty()) {
            throw new WireException(ReplyCode.BAD_REQUEST, "field 'epoch' must not be empty");
        }
    }

    private static void nonEmpty(String field, String value) throws WireException {
        if (value == null) {
            throw WireException.missing(field);
        }
        if (value.isEmpty()) {
            throw new WireException(ReplyCode.BAD_REQUEST, "field '" + field + "' must not be empty");
        }
    }

    /** Builds a checked operation; a push's frame is copied once, into a buffer the operation then owns. */
    private static RelayOp build(Fields f, byte[] body, ByteBufAllocator alloc) {
        return switch (f.op) {
            case RelayOp.ToUsers.OP -> new RelayOp.ToUsers(f.uids, delivery(f, body, alloc));
            case RelayOp.ToConnection.OP -> new RelayOp.ToConnection(f.conn, delivery(f, body, alloc));
            case RelayOp.ToGroup.OP -> new RelayOp.ToGroup(f.group, delivery(f, body, alloc));
            case RelayOp.ToAll.OP -> new RelayOp.ToAll(delivery(f, body, alloc));
            case RelayOp.KickUser.OP -> new RelayOp.KickUser(f.uid);
            case RelayOp.KickConnection.OP -> new RelayOp.KickConnection(f.conn);
            case RelayOp.ReplaceConnection.OP -> new RelayOp.ReplaceConnection(f.conn);
            case RelayOp.Join.OP -> new RelayOp.Join(f.group, f.uid);
            default -> new RelayOp.Leave(f.group, f.uid);
        };
    }

    private static Delivery delivery(Fields f, byte[] body, ByteBufAllocator alloc) {
        StreamPosition position = f.epoch == null || f.seq < 0 ? null : new StreamPosition(f.epoch, f.seq);
        Delivery.Acks acks = new Delivery.Acks(Math.max(0, f.await), f.receipt, f.stored);
        int length = f.frameEnd - f.frameStart;
        ByteBuf frame = alloc.buffer(length);
        frame.writeBytes(body, f.frameStart, length);
        return new Delivery(f.id, f.stream, position, frame, acks);
    }
}
