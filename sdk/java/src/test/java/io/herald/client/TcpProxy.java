package io.herald.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a node's client port, that a test cuts, holds and points elsewhere under a
 * client. {@link #cut()} resets its connections (the client sees its WebSocket break without a close frame) and
 * refuses new ones until {@link #restore()}; {@link #hold()} keeps what clients send from the node until
 * {@link #release()}; {@link #target} points new connections to another node. It records the bytes the node sent
 * (WebSocket frames from a server are not masked, so their text can be searched). Two threads per connection.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ByteArrayOutputStream fromNode = new ByteArrayOutputStream();
    private volatile InetSocketAddress target;
    private volatile boolean open = true;
    private List<Runnable> held;

    TcpProxy(InetSocketAddress target) {
        this.target = target;
        try {
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI websocketUri() {
        return TestNode.websocketUri(server.getLocalPort());
    }

    void target(InetSocketAddress target) {
        this.target = target;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!open) {
                    reset(client);
                    continue;
                }
                Socket node = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(node);
                pipe(client, node, false);
                pipe(node, client, true);
            } catch (IOException e) {
                // closed, or the node refused: the client sees its connection end
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean recorded) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    byte[] chunk = java.util.Arrays.copyOf(buffer, n);
                    if (recorded) {
                        synchronized (fromNode) {
                            fromNode.write(chunk, 0, n);
                        }
                        out.write(chunk);
                    } else {
                        forward(out, chunk);
                    }
                }
            } catch (IOException e) {
                // cut, or the other side went
            } finally {
                reset(from);
                reset(to);
            }
        }, "proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private void forward(OutputStream out, byte[] chunk) throws IOException {
        synchronized (this) {
            if (held != null) {
                held.add(() -> {
                    try {
                        out.write(chunk);
                    } catch (IOException e) {
                        // that connection went meanwhile
                    }
                });
                return;
            }
        }
        out.write(chunk);
    }

    /** Resets every connection (RST, no close frame) and refuses new ones until {@link #restore()}. */
    void cut() {
        open = false;
        for (Socket socket : sockets) {
            reset(socket);
        }
    }

    void restore() {
        open = true;
    }

    /** Keeps what clients send from the node (nothing they send is answered) until {@link #release()}. */
    synchronized void hold() {
        held = new ArrayList<>();
    }

    synchronized void release() {
        List<Runnable> chunks = held;
        held = null;
        if (chunks != null) {
            chunks.forEach(Runnable::run);
        }
    }

    /** How many times {@code text} occurs in what the node sent through the proxy. */
    int countFromNode(String text) {
        String sent;
        synchronized (fromNode) {
            sent = fromNode.toString(StandardCharsets.ISO_8859_1);
        }
        int count = 0;
        for (int at = sent.indexOf(text); at >= 0; at = sent.indexOf(text, at + 1)) {
            count++;
        }
        return count;
    }

    private void reset(Socket socket) {
        sockets.remove(socket);
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // closed already
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() {
        cut();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
