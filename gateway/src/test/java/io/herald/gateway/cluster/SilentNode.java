package io.herald.gateway.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A relay target that accepts connections on 127.0.0.1 and never answers: it reads nothing and writes nothing,
 * as a node stuck in a long pause would. Counts the connections it accepted, so a test can tell that a relay
 * reached it (and timed out) rather than being refused. {@link #close()} closes everything.
 */
final class SilentNode implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Semaphore connections = new Semaphore(0);
    private final Thread acceptor;

    private SilentNode(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::accept, "silent-node-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static SilentNode open() {
        try {
            return new SilentNode(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code host:port}, as a node registers its API address. */
    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Waits until it has accepted a connection since the last call, or fails the test. */
    void awaitConnection() {
        try {
            if (!connections.tryAcquire(Eventually.BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("nothing connected to " + address() + " within " + Eventually.BOUND);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                accepted.add(server.accept());
                connections.release();
            } catch (IOException e) {
                // Closed: the loop ends.
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
