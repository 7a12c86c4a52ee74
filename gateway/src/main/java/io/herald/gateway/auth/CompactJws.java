package io.herald.gateway.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A token split as a JWS in compact serialization (RFC 7515 section 7.1), {@code header.payload.signature}, with its
 * header read: {@code alg} and {@code kid}. A header with {@code crit} is refused, as no extension is understood
 * here (section 4.1.11); one without {@code alg}, or with {@code "alg":"none"}, is no signed JWT. Tokens longer than
 * {@link #MAX_CHARS} are refused before anything is decoded. One per token, on the thread that verifies it.
 */
final class CompactJws {

    /** The longest token read: an RS512 token with a 4096-bit key and a generous payload fits many times over. */
    static final int MAX_CHARS = 8192;

    private static final Base64.Decoder BASE64 = Base64.getUrlDecoder();

    final byte[] ascii;
    final int firstDot;
    final int secondDot;
    final String alg;
    final String kid;

    private CompactJws(byte[] ascii, int firstDot, int secondDot, String alg, String kid) {
        this.ascii = ascii;
        this.firstDot = firstDot;
        this.secondDot = secondDot;
        this.alg = alg;
        this.kid = kid;
    }

    static CompactJws parse(String token, JsonFactory json) throws InvalidTokenException {
        if (token.length() > MAX_CHARS) {
            throw new InvalidTokenException("token is longer than " + MAX_CHARS + " characters");
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            throw notSigned();
        }
        byte[] ascii = token.getBytes(StandardCharsets.US_ASCII);
        String alg = null;
        String kid = null;
        try (JsonParser p = json.createParser(decode(ascii, 0, firstDot))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notSigned();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("alg".equals(name) && value == JsonToken.VALUE_STRING) {
                    alg = p.getText();
                } else if ("kid".equals(name)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new InvalidTokenException("token header 'kid' must be a string");
                    }
                    kid = p.getText();
                } else if ("crit".equals(name)) {
                    // Extensions that must be understood (RFC 7515 section 4.1.11): none is, here.
                    throw new InvalidTokenException("token header 'crit' is not supported");
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw notSigned();
        }
        if (alg == null || "none".equals(alg)) {
            throw notSigned();
        }
        return new CompactJws(ascii, firstDot, secondDot, alg, kid);
    }

    byte[] payload() throws InvalidTokenException {
        return decode(ascii, firstDot + 1, secondDot - firstDot - 1);
    }

    byte[] signature() throws InvalidTokenException {
        return decode(ascii, secondDot + 1, ascii.length - secondDot - 1);
    }

    private static byte[] decode(byte[] ascii, int offset, int length) throws InvalidTokenException {
        try {
            ByteBuffer decoded = BASE64.decode(ByteBuffer.wrap(ascii, offset, length));
            byte[] bytes = new byte[decoded.remaining()];
            decoded.get(bytes);
            return bytes;
        } catch (IllegalArgumentException e) {
            throw notSigned();
        }
    }

    static InvalidTokenException notSigned() {
        return new InvalidTokenException("token is not a signed JWT");
    }
}
