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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/1.1 over one plain socket that stays open from request to request, so that a test knows each request went over
 * the same keep-alive connection as the one before (the JDK's client may open another at will). Sends any bytes as
 * the body, not only valid UTF-8. Every read waits at most {@link WsClient#WAIT}. Used on the test thread only.
 */
final class KeepAliveHttp implements AutoCloseable {

    /** One answer: its status and its JSON body, read as PROTOCOL.md's {@code {"code":…,"msg":…,"data":…}}. */
    record Answer(int status, Map<String, Object> body, boolean closing) {

        String msg() {
            return (String) body.get("msg");
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Optional<String> apiKey;

    KeepAliveHttp(InetSocketAddress address, Optional<String> apiKey) {
        this.apiKey = apiKey;
        try {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setSoTimeout((int) WsClient.WAIT.toMillis());
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Answer post(String path, byte[] body) {
        return send("POST", path, body);
    }

    Answer post(String path, String body) {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    Answer get(String pathAndQuery) {
        return send("GET", pathAndQuery, new byte[0]);
    }

    /** Sends one request and reads its answer; fails the test where the connection closed instead. */
    Answer send(String method, String path, byte[] body) {
        try {
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1\r\nContent-Type: application/json\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
            apiKey.ifPresent(key -> head.append("Authorization: Bearer ").append(key).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read();
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": the keep-alive connection failed", e);
        }
    }

    private Answer read() throws IOException {
        String status = line();
        assertThat(status).as("status line").startsWith("HTTP/1.1 ");
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean closing = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closing = true;
            }
        }
        assertThat(length).as("Content-Length of a %d answer", code).isGreaterThanOrEqualTo(0);
        byte[] body = in.readNBytes(length);
        assertThat(body).as("a whole body").hasSize(length);
        return new Answer(code, JsonTree.parseObject(new String(body, StandardCharsets.UTF_8)), closing);
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the node closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
