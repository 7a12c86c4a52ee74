package io.herald.gateway;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for what the JDK's client will not do: write a request in pieces, keep writing a
 * body after the answer came, pipeline requests, and see exactly how the node ends the connection. Reads with a
 * timeout of {@link WsClient#WAIT}. Used by one thread at a time, except that {@link #write} may run on another
 * thread than the reads.
 */
final class RawHttp implements AutoCloseable {

    /** One answer: status, headers (names in lower case) and body. */
    record Answer(int status, Map<String, String> headers, String body) {

        Map<String, Object> json() {
            return JsonTree.parseObject(body);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawHttp connect(InetSocketAddress address) {
        return connect(address, 0);
    }

    /** A connection whose socket holds about {@code receiveBufferBytes} before the node must wait; 0: the default. */
    static RawHttp connect(InetSocketAddress address, int receiveBufferBytes) {
        try {
            Socket socket = new Socket();
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.connect(address);
            socket.setSoTimeout((int) WsClient.WAIT.toMillis());
            socket.setTcpNoDelay(true);
            return new RawHttp(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request's head: {@code method path}, then the given header lines (each ending in CRLF), then a blank line. */
    static byte[] head(String method, String path, String headerLines) {
        return (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headerLines + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A whole POST with a JSON body and the key, where one is given. */
    static byte[] post(String path, String json, String key) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = head("POST", path, "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                + (key == null ? "" : "Authorization: Bearer " + key + "\r\n"));
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one answer, whose body has a {@code Content-Length}. */
    Answer read() throws IOException {
        String head = readHead();
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("the answer ended after " + body.length + " of " + length + " bytes");
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the node ended its side of the connection: the next read finds the end of the stream. */
    boolean atEndOfStream() throws IOException {
        return in.read() < 0;
    }

    /** Reads until the end of the stream, or until {@code within} is up; whether it was reached. */
    boolean endsWithin(Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout((int) WsClient.WAIT.toMillis());
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended in an answer's head: " + head);
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII).trim();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
