package io.herald.gateway.auth;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that serves a JWKS document, counts the requests, and can answer 500 or stop.
 * Public so that the node's integration tests serve their keys with it too. Its handler runs on the server's thread.
 */
public final class JwksServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String body;
    private volatile int status = 200;
    private final CountDownLatch stalled = new CountDownLatch(1);
    private volatile boolean stall;

    public JwksServer(String jwks) {
        this.body = jwks;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/jwks.json", exchange -> {
            requests.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (stall) {
                exchange.sendResponseHeaders(status, 0); // Chunked: the head, a first chunk, and never the end.
                exchange.getResponseBody().write("{\"keys\":[".getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                try {
                    stalled.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    /** Serves {@code jwks} from now on. */
    public void serve(String jwks) {
        this.body = jwks;
    }

    /** Answers with {@code status} from now on. */
    public void status(int status) {
        this.status = status;
    }

    /** Answers with a head and a first chunk, then nothing more until closed. */
    public void stall() {
        this.stall = true;
    }

    /** How many requests it answered. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        stalled.countDown();
        server.stop(0);
    }
}
