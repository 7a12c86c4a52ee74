package io.herald.bench.load;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;
import java.net.URI;

/**
 * TLS to the nodes whose addresses are {@code wss://} or {@code https://}: the handshake and the encryption of a
 * real client, with any certificate taken unchecked, because the bench loads a node; it does not vouch for it. One
 * context for the process (OpenSSL where it loads, as Netty chooses), built at its first use. Stateless otherwise.
 */
public final class BenchTls {

    private BenchTls() {
    }

    /** Whether {@code uri}'s node speaks TLS: {@code wss://} or {@code https://}. */
    public static boolean secure(URI uri) {
        return "wss".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    }

    /** The port of {@code uri}, or its scheme's. */
    static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : secure(uri) ? 443 : 80;
    }

    /** Puts a TLS handler first in {@code ch}'s pipeline where {@code uri}'s node speaks TLS. On its loop. */
    static void addTo(Channel ch, URI uri) {
        if (secure(uri)) {
            ch.pipeline().addFirst(Context.UNCHECKED.newHandler(ch.alloc(), uri.getHost(), port(uri)));
        }
    }

    private static final class Context {
        static final SslContext UNCHECKED = build();

        private static SslContext build() {
            try {
                return SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
            } catch (SSLException e) {
                throw new IllegalStateException("cannot set up TLS for wss:// and https:// nodes", e);
            }
        }
    }
}
