package io.herald.gateway.api;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /admin}: the admin page, one self-contained HTML page (its script and style inline, nothing fetched from
 * elsewhere) read once from the gateway's jar. It holds no figures, so it is served without the API key; the page
 * asks for the key, keeps it in the tab's memory only, and reads {@link AdminStatsEndpoint#PATH} with it once a
 * second: every node of the cluster, each charted from its own figures. Answered on the API loop; thread-safe (the bytes are never changed after loading).
 */
final class AdminPage {

    /** The page's path on the API port. */
    static final String PATH = "/admin";

    /** Nothing but the page itself and its inline script and style; no framing by other sites. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'unsafe-inline' 'self'; "
            + "style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

    private static final String RESOURCE = "admin.html";

    private final byte[] html;

    private AdminPage(byte[] html) {
        this.html = html;
    }

    /** Reads the page from the jar. */
    static AdminPage load() {
        try (InputStream in = AdminPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the admin page " + RESOURCE + " is missing from the jar");
            }
            return new AdminPage(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin page " + RESOURCE, e);
        }
    }

    /** The page as a whole HTTP response. */
    FullHttpResponse response(ByteBufAllocator alloc) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                alloc.buffer(html.length).writeBytes(html));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, html.length)
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("Referrer-Policy", "no-referrer");
        return response;
    }
}
