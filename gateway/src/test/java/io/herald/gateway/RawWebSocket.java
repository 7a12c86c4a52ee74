package io.herald.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket client over a plain socket, for what well-behaved clients never send: any opcode, reserved bits,
 * lengths, fragments, masked or not, written whole, several frames in one write, or one byte at a time. It reads
 * the server's frames one by one. Every read waits at most {@link WsClient#WAIT}, then fails the test.
 *
 * <p>Used on the test thread only.
 */
final class RawWebSocket implements AutoCloseable {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(InetSocketAddress address) throws IOException {
        this(new Socket(address.getAddress(), address.getPort()));
    }

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) WsClient.WAIT.toMillis());
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A connection that has sent nothing yet. */
    static RawWebSocket connect(InetSocketAddress address) {
        try {
            return new RawWebSocket(address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection from {@code from} (another loopback address, say) that has sent nothing yet. */
    static RawWebSocket connect(InetSocketAddress address, java.net.InetAddress from) {
        try {
            return new RawWebSocket(new Socket(address.getAddress(), address.getPort(), from, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection upgraded to a WebSocket at {@code /ws}. */
    static RawWebSocket open(InetSocketAddress address) {
        RawWebSocket ws = connect(address);
        ws.write(upgradeRequest("Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n"));
        assertThat(ws.readHttpHead()).as("the handshake's answer").startsWith("HTTP/1.1 101");
        return ws;
    }

    /** An upgrade request to {@code /ws} with {@code headers} (each ending in CRLF) besides Host and Upgrade. */
    static byte[] upgradeRequest(String headers) {
        return ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + headers
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Logs in with a {@code login} command and checks the 200; returns the connection id. */
    String login(String uid, String token) {
        sendText("{\"id\":\"login\",\"cmd\":\"login\",\"uid\":\"" + uid + "\",\"token\":\"" + token + "\"}");
        Map<String, Object> reply = nextJson();
        assertThat(reply).as("login reply").containsEntry("code", 200);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) reply.get("data");
        return (String) data.get("conn");
    }

    /** One frame as a client sends it: masked with a random key. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        return frame(fin, rsv, opcode, payload, true);
    }

    /** One frame, masked or not, with the shortest length encoding. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        int length = payload.length;
        int lengthBytes = length < 126 ? 0 : length <= 0xFFFF ? 2 : 8;
        ByteBuffer frame = ByteBuffer.allocate(2 + lengthBytes + (masked ? 4 : 0) + length);
        frame.put((byte) ((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | opcode & 0xF));
        int maskBit = masked ? 0x80 : 0;
        if (lengthBytes == 0) {
            frame.put((byte) (maskBit | length));
        } else if (lengthBytes == 2) {
            frame.put((byte) (maskBit | 126)).putShort((short) length);
        } else {
            frame.put((byte) (maskBit | 127)).putLong(length);
        }
        if (!masked) {
            return frame.put(payload).array();
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        return frame.array();
    }

    /** A final, masked frame without reserved bits. */
    static byte[] frame(int opcode, byte[] payload) {
        return frame(true, 0, opcode, payload);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A close frame's payload: the code, then the reason's bytes. */
    static byte[] closeBody(int code, byte[] reason) {
        return ByteBuffer.allocate(2 + reason.length).putShort((short) code).put(reason).array();
    }

    /** Concatenates frames (or any bytes), to be written at once. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** Sends one whole, final text frame. */
    void sendText(String text) {
        write(frame(TEXT, utf8(text)));
    }

    /** Writes {@code bytes} in one write. */
    void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code bytes} one byte per write (TCP_NODELAY is on, so that each goes out by itself). */
    void trickle(byte[] bytes) {
        for (byte b : bytes) {
            write(new byte[] {b});
        }
    }

    /** A frame from the server. */
    record Frame(boolean fin, int rsv, int opcode, byte[] payload) {

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame, or 1005 where it has none. */
        int closeCode() {
            return payload.length < 2 ? 1005 : (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
        }

        @Override
        public String toString() {
            return "Frame[opcode=" + opcode + ", fin=" + fin + ", " + payload.length + " bytes"
                    + (opcode == CLOSE ? ", code " + closeCode() : opcode == TEXT ? ": " + text() : "") + "]";
        }
    }

    /** Whether bytes from the server wait unread; never blocks. */
    boolean hasBytes() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next frame from the server; fails the test where none comes in time or the stream ends. */
    Frame next() {
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            assertThat(second & 0x80).as("a server's frames are not masked").isZero();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            return new Frame((first & 0x80) != 0, first >> 4 & 0x7, first & 0xF, payload);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame from the server within " + WsClient.WAIT, e);
        } catch (IOException e) {
            throw new AssertionError("the connection ended instead of sending a frame", e);
        }
    }

    /** The next frame, which must be a text frame; its JSON. */
    Map<String, Object> nextJson() {
        Frame frame = next();
        assertThat(frame.opcode()).as("a text frame: %s", frame).isEqualTo(TEXT);
        return JsonTree.parseObject(frame.text());
    }

    /**
     * Expects the server to close the connection now: the next frame is a close frame; the client answers it
     * with a close frame of the same code, as RFC 6455 asks, and then checks that the server sends nothing more,
     * not a second close frame either, and closes the TCP connection. Returns the close frame.
     */
    Frame expectClose() {
        Frame close = next();
        assertThat(close.opcode()).as("a close frame: %s", close).isEqualTo(CLOSE);
        try {
            out.write(frame(CLOSE, close.payload().length < 2 ? new byte[0] : closeBody(close.closeCode(), new byte[0])));
            out.flush();
            // The client's side is done; the server closes its side once it sees that, or after its linger.
            socket.shutdownOutput();
        } catch (IOException e) {
            // The server may have closed its side already; what it sent is still read below.
        }
        expectEnd();
        return close;
    }

    /**
     * Expects a close frame next and, without answering it or closing its own side, the server to close the TCP
     * connection on its own, with nothing more sent. Returns the close frame.
     */
    Frame expectCloseUnanswered() {
        Frame close = next();
        assertThat(close.opcode()).as("a close frame: %s", close).isEqualTo(CLOSE);
        expectEnd();
        return close;
    }

    /** Expects the server to close the TCP connection without sending anything more. */
    void expectEnd() {
        try {
            int next = in.read();
            assertThat(next).as("nothing after the close frame: the server's stream ends").isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + WsClient.WAIT, e);
        } catch (IOException e) {
            // A reset after everything was read: the connection is closed all the same.
        }
    }

    /**
     * Expects the server to send nothing and keep the connection open for {@code quiet}: a read waits that long and
     * finds neither a byte nor the end of the stream.
     */
    void expectOpenFor(java.time.Duration quiet) {
        try {
            socket.setSoTimeout((int) quiet.toMillis());
            int next = in.read();
            throw new AssertionError("the server sent " + (next < 0 ? "the end of the stream" : "a byte")
                    + " within " + quiet + " where it should have waited");
        } catch (SocketTimeoutException e) {
            // Nothing came: as expected.
        } catch (IOException e) {
            throw new AssertionError("the connection broke where the server should have waited", e);
        } finally {
            try {
                socket.setSoTimeout((int) WsClient.WAIT.toMillis());
            } catch (IOException e) {
                // The socket is closed; the next read says so.
            }
        }
    }

    /** Reads an HTTP response's status line and headers, up to the blank line. */
    String readHttpHead() {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] end = {'\r', '\n', '\r', '\n'};
        int matched = 0;
        try {
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the response ended early: " + head);
                }
                head.write(b);
                matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            }
        } catch (IOException e) {
            throw new AssertionError("no HTTP response head", e);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Reads the rest of the stream until the server closes it; fails where it stays open. */
    String readToEnd() {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + WsClient.WAIT, e);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do: the test is over with this connection.
        }
    }
}
