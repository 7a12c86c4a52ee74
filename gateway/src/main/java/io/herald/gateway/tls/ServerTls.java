package io.herald.gateway.tls;

import io.herald.codec.InvalidConfigException;
import io.herald.gateway.tls.TlsConfig.TlsFiles;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;

/**
 * One port's TLS: the server context built from its certificate files, and a new {@link SslHandler} from it for
 * each connection. A reload builds a new context from the files and puts it in place of the old one; connections
 * already open keep the engine (and the certificate) they were handshaken with, new ones get the new context. A
 * reload that fails (a file half-written, not PEM, a key of another certificate) keeps the old context and logs
 * a warning.
 *
 * <h2>Threads</h2>
 * {@link #newHandler} runs on the event loops; {@link #check()} and {@link #reload} run on the node's reloading
 * thread ({@link NodeTls}), never on a loop: they read files and build contexts.
 *
 * <h2>Releasing an old context</h2>
 * With OpenSSL the context is reference-counted: each engine holds it while its connection lives, and the reload
 * releases the port's own reference. A loop may have read the old context just before the release; it retains it
 * before building its engine, and where that fails (it has been released) reads the new one, which is in place by
 * then. So no context is used after its release, and none is kept past its last connection.
 */
public final class ServerTls {

    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private final TlsFiles files;
    private final SslProvider provider;
    private volatile SslContext context;
    /** The files as they were at the last load or reload tried, successful or not. Reloading thread only. */
    private FileStamp tried;
    /** A change seen at the last check, reloaded once the files stay so for one more check. Reloading thread only. */
    private FileStamp settling;

    private ServerTls(TlsFiles files, SslProvider provider, FileStamp stamp, SslContext context) {
        this.files = files;
        this.provider = provider;
        this.tried = stamp;
        this.context = context;
    }

    /**
     * Reads and checks the port's files and builds its context, on the thread that builds the node.
     *
     * @throws InvalidConfigException naming the setting and the file where one is not what it should be
     */
    static ServerTls load(TlsFiles files, SslProvider provider) {
        FileStamp stamp = FileStamp.of(files);
        KeyMaterial material = KeyMaterial.load(files);
        ServerTls tls = new ServerTls(files, provider, stamp, build(files, material, provider));
        log.info("TLS on the {} port: {} ({})", files.port(), material.describe(), files.cert());
        warnIfExpired(files, material);
        return tls;
    }

    /** A TLS handler for a new connection, with the port's current certificate. On the connection's loop. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        while (true) {
            SslContext current = context;
            if (!(current instanceof ReferenceCounted counted)) {
                return current.newHandler(alloc);
            }
            try {
                counted.retain();
            } catch (IllegalReferenceCountException e) {
                if (context == current) {
                    // Released and not replaced: the node has closed.
                    throw e;
                }
                // Released by a reload since it was read: the new context is in place.
                continue;
            }
            try {
                return current.newHandler(alloc);
            } finally {
                counted.release();
            }
        }
    }

    /**
     * Reloads where the files changed since the last load tried and then stayed the same for one check, so that a
     * certificate and key being written one after the other are read once both are done. Reloading thread.
     */
    void check() {
        FileStamp now = FileStamp.of(files);
        if (now.equals(tried)) {
            settling = null;
        } else if (!now.equals(settling)) {
            settling = now;
        } else {
            reload("its files changed");
        }
    }

    /** Reloads the files now, changed or not; keeps the current context where they are not right. Reloading thread. */
    void reload(String why) {
        tried = FileStamp.of(files);
        settling = null;
        KeyMaterial material;
        SslContext fresh;
        try {
            material = KeyMaterial.load(files);
            fresh = build(files, material, provider);
        } catch (InvalidConfigException e) {
            log.warn("TLS on the {} port: not reloaded ({}), still serving the certificate loaded before: {}",
                    files.port(), why, e.getMessage());
            return;
        }
        SslContext old = context;
        context = fresh;
        ReferenceCountUtil.release(old);
        log.info("TLS on the {} port: reloaded ({}): {}; connections open keep theirs", files.port(), why,
                material.describe());
        warnIfExpired(files, material);
    }

    /** Lets go of the port's context; the connections still open keep theirs until they close. */
    void close() {
        ReferenceCountUtil.release(context);
    }

    private static SslContext build(TlsFiles files, KeyMaterial material, SslProvider provider) {
        try {
            return SslContextBuilder.forServer(material.key(), material.chain()).sslProvider(provider).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new InvalidConfigException(files.certSetting(), files.cert(),
                    "a certificate and key that " + provider + " takes; " + e.getMessage());
        }
    }

    private static void warnIfExpired(TlsFiles files, KeyMaterial material) {
        if (material.expired()) {
            log.warn("TLS on the {} port: the certificate in {} has expired; clients will refuse it", files.port(),
                    files.cert());
        }
    }
}
