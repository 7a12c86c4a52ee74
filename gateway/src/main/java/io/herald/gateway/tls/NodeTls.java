package io.herald.gateway.tls;

import io.herald.codec.InvalidConfigException;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's TLS: each port's {@link ServerTls} where it has a certificate, and the thread that reloads them. That
 * thread looks at the files every {@link #CHECK_PERIOD_MILLIS} ms and reloads a port whose files changed (once they
 * stay the same for one more look); {@link #reload()} (SIGHUP) reloads both at once. It is a thread of its own,
 * never an event loop: a reload reads files and builds contexts.
 *
 * <p>OpenSSL (netty-tcnative's BoringSSL) where it loads, the JDK's provider otherwise; the start-up log says which.
 * Built by the node before anything else, on the thread that builds it; {@link #reload()} from any thread.
 */
public final class NodeTls implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeTls.class);

    /** How often the files are looked at: a changed certificate is served within two periods of its last write. */
    static final long CHECK_PERIOD_MILLIS = 1000;
    /** The longest {@link #close()} waits for a reload under way: it reads two small files and builds a context. */
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final Optional<ServerTls> client;
    private final Optional<ServerTls> api;
    private final ScheduledExecutorService reloader;

    private NodeTls(Optional<ServerTls> client, Optional<ServerTls> api) {
        this.client = client;
        this.api = api;
        this.reloader = client.isEmpty() && api.isEmpty() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-tls-reload");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Reads and checks the certificates {@code config} names and builds the ports' contexts.
     *
     * @throws InvalidConfigException naming the setting and the file where one is not what it should be
     */
    public static NodeTls load(TlsConfig config) {
        if (config.client().isEmpty() && config.api().isEmpty()) {
            return new NodeTls(Optional.empty(), Optional.empty());
        }
        SslProvider provider = provider();
        Optional<ServerTls> client = config.client().map(files -> ServerTls.load(files, provider));
        try {
            return new NodeTls(client, config.api().map(files -> ServerTls.load(files, provider)));
        } catch (InvalidConfigException e) {
            client.ifPresent(ServerTls::close);
            throw e;
        }
    }

    /**
     * The TLS context of the node's relays to other nodes whose API is {@code https://}: it trusts the certificates
     * in {@code config}'s {@code apiTlsTrust} where set, else (where the node's own API serves TLS) the certificate
     * authorities the JVM trusts; and (as {@code https://} does) the peer's certificate must name the host the peer
     * advertises. None for a node with neither: a context costs a second of start-up, which a cluster without TLS
     * need not pay, and such a node cannot relay to {@code https://} nodes (PROTOCOL.md, "Cluster relays over TLS").
     *
     * @throws InvalidConfigException where the trust file is not a readable PEM file of certificates
     */
    public static Optional<SslContext> relayTrust(TlsConfig config) {
        if (config.apiTlsTrust().isEmpty() && config.api().isEmpty()) {
            return Optional.empty();
        }
        SslProvider provider = provider();
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(provider);
        config.apiTlsTrust().ifPresent(file -> builder.trustManager(trusted(file)));
        try {
            return Optional.of(builder.build());
        } catch (SSLException e) {
            throw new InvalidConfigException("apiTlsTrust", config.apiTlsTrust().map(Path::toString).orElse("(none)"),
                    "certificates that " + provider + " takes; " + e.getMessage());
        }
    }

    /** Starts looking at the files for changes; once the ports are open. */
    public void start() {
        if (reloader != null) {
            reloader.scheduleWithFixedDelay(this::check, CHECK_PERIOD_MILLIS, CHECK_PERIOD_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** The client port's TLS, where it serves TLS. */
    public Optional<ServerTls> client() {
        return client;
    }

    /** The API port's TLS, where it serves TLS. */
    public Optional<ServerTls> api() {
        return api;
    }

    /**
     * Reloads every port's certificate now, on the reloading thread; returns at once. Where a port's files are not
     * right it keeps the certificate it has and logs why. For SIGHUP.
     */
    public void reload() {
        if (reloader == null) {
            log.info("Asked to reload TLS certificates, but the node serves no TLS");
            return;
        }
        try {
            reloader.execute(() -> {
                client.ifPresent(tls -> tls.reload("asked to"));
                api.ifPresent(tls -> tls.reload("asked to"));
            });
        } catch (RejectedExecutionException e) {
            log.debug("Not reloading TLS certificates: the node is stopping");
        }
    }

    private void check() {
        // A throwable escaping would cancel the schedule: every later change would be missed.
        try {
            client.ifPresent(ServerTls::check);
            api.ifPresent(ServerTls::check);
        } catch (RuntimeException e) {
            log.warn("Looking at the TLS certificate files failed; looking again in {} ms", CHECK_PERIOD_MILLIS, e);
        }
    }

    /**
     * Stops looking at the files, waits for a reload under way to finish (it would put a context in place after
     * this released the port's), and lets go of the ports' contexts. On the thread that closes the node.
     */
    @Override
    public void close() {
        if (reloader != null) {
            reloader.shutdownNow();
            try {
                if (!reloader.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    log.warn("A TLS reload did not finish within {} s of the node's close", CLOSE_WAIT_SECONDS);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        client.ifPresent(ServerTls::close);
        api.ifPresent(ServerTls::close);
    }

    /** OpenSSL where netty-tcnative loads, else the JDK's provider; logged once per process. */
    private static SslProvider provider() {
        return Provider.CHOSEN;
    }

    private static X509Certificate[] trusted(Path file) {
        try {
            return Pem.certificates(KeyMaterial.read(file, "apiTlsTrust")).toArray(X509Certificate[]::new);
        } catch (Pem.PemException e) {
            throw new InvalidConfigException("apiTlsTrust", file, "a PEM file of certificates; " + e.getMessage());
        }
    }

    /** The provider, chosen once: loading the native library is done once per process anyway. */
    private static final class Provider {
        static final SslProvider CHOSEN = choose();

        private static SslProvider choose() {
            if (OpenSsl.isAvailable()) {
                log.info("TLS through OpenSSL: {} (netty-tcnative)", OpenSsl.versionString());
                return SslProvider.OPENSSL_REFCNT;
            }
            Throwable cause = OpenSsl.unavailabilityCause();
            log.info("TLS through the JDK's provider: OpenSSL did not load ({})",
                    cause == null ? "unknown cause" : cause.toString());
            return SslProvider.JDK;
        }
    }
}
