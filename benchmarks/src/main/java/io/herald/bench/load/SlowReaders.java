package io.herald.bench.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections that log in on their upgrade request and then never read their sockets: what the node writes to them
 * fills the client's small receive window, then the node's socket buffer, then the node's memory, until the node
 * closes them. Plain blocking sockets, never read: no thread, no event loop. Opened and closed on the run's thread.
 */
public final class SlowReaders implements AutoCloseable {

    /** A receive window this small fills with a few pushes. */
    private static final int RECEIVE_BUFFER_BYTES = 4096;

    private final List<Socket> sockets = new ArrayList<>();
    private int failed;

    private SlowReaders() {
    }

    /**
     * Opens {@code n} connections to {@code ws}, each logging in as its own user ({@code slow-<run>-<i>}, never one
     * of the ordinary connections' users) with the login in its upgrade request; returns once each was written.
     */
    public static SlowReaders open(URI ws, int n, Tokens tokens, RunIds ids) {
        SlowReaders readers = new SlowReaders();
        InetSocketAddress address = new InetSocketAddress(ws.getHost(), ws.getPort());
        for (int i = 0; i < n; i++) {
            String uid = "slow-" + ids.run() + "-" + i;
            Socket socket = new Socket();
            try {
                socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
                socket.connect(address, 5_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + ws.getRawPath() + "?uid=" + URLEncoder.encode(uid, StandardCharsets.UTF_8)
                        + "&token=" + URLEncoder.encode(tokens.tokenFor(uid), StandardCharsets.UTF_8)
                        + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                readers.sockets.add(socket);
            } catch (IOException e) {
                readers.failed++;
                closeQuietly(socket);
            }
        }
        return readers;
    }

    /** How many were opened and sent their upgrade. */
    public int opened() {
        return sockets.size();
    }

    /** How many could not be opened. */
    public int failed() {
        return failed;
    }

    @Override
    public void close() {
        sockets.forEach(SlowReaders::closeQuietly);
        sockets.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Gone either way.
        }
    }
}
