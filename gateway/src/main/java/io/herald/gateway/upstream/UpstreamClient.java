package io.herald.gateway.upstream;

import io.herald.codec.ClientCommand;
import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.JsonWriter;
import io.herald.codec.RawJson;
import io.herald.codec.WireException;
import io.herald.route.ClientTransport;
import io.herald.route.http.HttpClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;

/**
 * Calls the upstream with a client's command and reads its answer (PROTOCOL.md, "Upstream: clients → backends"):
 * picks the URL by the command's name, POSTs
 * {@code {"event":"message","uid","conn","node","cmd","id","data"}} ({@code data} as the client sent it, never
 * parsed) with {@code X-Forwarded-For} and, where a secret is set, {@code Authorization: Bearer}, over the node's
 * pooled HTTP client (TLS for {@code https://}) on the node's event loops, bounded by the upstream timeout.
 * Thread-safe.
 */
public final class UpstreamClient implements AutoCloseable {

    /** The most pooled connections to one upstream address; more calls wait for one, within the timeout. */
    static final int CONNECTIONS_PER_ADDRESS = 64;

    private static final String X_FORWARDED_FOR = "X-Forwarded-For";

    /**
     * Where the calls to one URL go.
     *
     * @param address {@code host:port}, the scheme's port where the URL names none
     * @param path    the path and query, {@code /} where the URL has none
     * @param tls     whether it is an {@code https://} URL
     */
    public record Destination(String address, String path, boolean tls) {
        static Destination of(URI url) {
            boolean tls = "https".equals(url.getScheme());
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            return new Destination(url.getHost() + ":" + (url.getPort() >= 0 ? url.getPort() : tls ? 443 : 80),
                    url.getRawQuery() == null ? path : path + "?" + url.getRawQuery(), tls);
        }
    }

    private final UpstreamConfig config;
    /** Each URL of the config, read once. */
    private final Map<URI, Destination> destinations = new HashMap<>();
    private final int inflight;
    private final String node;
    private final Json json;
    private final HttpHeaders headers;
    private final HttpClient http;
    /** The client of the {@code https://} URLs; {@code null} where there are none. */
    private final HttpClient https;

    /**
     * @param transport      the node's event loops, which the calls run on
     * @param node           this node's id, sent with each call
     * @param maxAnswerBytes the largest answer taken; a larger one is a bad answer
     * @param trust          whom the {@code https://} URLs' certificates must be signed by ({@link #systemTrust()})
     */
    public UpstreamClient(UpstreamConfig config, ClientTransport transport, String node, Json json,
                          int maxAnswerBytes, SslContext trust) {
        this.config = config;
        config.upstream().ifPresent(url -> destinations.put(url, Destination.of(url)));
        config.upstreamRoutes().forEach(route -> destinations.put(route.url(), Destination.of(route.url())));
        config.authUpstream().ifPresent(url -> destinations.put(url, Destination.of(url)));
        this.inflight = config.upstreamInflight();
        this.node = node;
        this.json = json;
        this.headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        config.upstreamSecret().ifPresent(secret -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + secret));
        this.http = new HttpClient(transport, config.upstreamTimeout(), CONNECTIONS_PER_ADDRESS, maxAnswerBytes);
        boolean anyTls = destinations.values().stream().anyMatch(Destination::tls);
        this.https = anyTls ? new HttpClient(transport, config.upstreamTimeout(), CONNECTIONS_PER_ADDRESS,
                maxAnswerBytes, Optional.of(trust)) : null;
    }

    /** The certificate authorities the JDK trusts, for {@code https://} upstreams. */
    public static SslContext systemTrust() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for https:// upstreams", e);
        }
    }

    /** Where the command named {@code cmd} goes ({@link UpstreamConfig#urlFor}), or {@code null} for nowhere. */
    public Destination destination(String cmd) {
        return config.urlFor(cmd).map(destinations::get).orElse(null);
    }

    /** Where logins go ({@code --auth-upstream}), or {@code null} where tokens alone decide. */
    public Destination authDestination() {
        return config.authUpstream().map(destinations::get).orElse(null);
    }

    /** The most calls one connection may have under way. */
    public int inflight() {
        return inflight;
    }

    /**
     * POSTs {@code command} from the connection {@code conn} of {@code uid}, whose client is at {@code remote}.
     * Completes on an event loop of the node with the answer, whatever its status, or exceptionally as
     * {@link HttpClient#post} does.
     */
    public CompletableFuture<HttpClient.Answer> call(Destination to, String uid, String conn, String remote,
                                                     ClientCommand.Custom command, ByteBufAllocator alloc) {
        RawJson data = command.data();
        ByteBuf body = alloc.buffer(96 + node.length() + uid.length() + conn.length() + command.cmd().length()
                + command.id().length() + data.length());
        new JsonWriter(body).raw("{\"event\":\"message\",\"uid\":").string(uid).raw(",\"conn\":").string(conn)
                .raw(",\"node\":").string(node).raw(",\"cmd\":").string(command.cmd())
                .raw(",\"id\":").string(command.id()).raw(",\"data\":").value(data).raw("}");
        return post(to, remote, body);
    }

    /**
     * POSTs a login, {@code {"event":"login","uid","token","device","remote"}} ({@code device} and {@code remote}
     * {@code null} where there are none), to {@code to} with the same headers as a command. Completes on an event loop
     * of the node with the answer, whatever its status, or exceptionally as {@link HttpClient#post} does.
     */
    public CompletableFuture<HttpClient.Answer> login(Destination to, String uid, String token, String device,
                                                      String remote, ByteBufAllocator alloc) {
        ByteBuf body = alloc.buffer(80 + uid.length() + token.length() + (device == null ? 4 : device.length())
                + (remote == null ? 4 : remote.length()));
        JsonWriter w = new JsonWriter(body).raw("{\"event\":\"login\",\"uid\":").string(uid)
                .raw(",\"token\":").string(token).raw(",\"device\":");
        stringOrNull(w, device).raw(",\"remote\":");
        stringOrNull(w, remote).raw("}");
        return post(to, remote, body);
    }

    /** POSTs {@code body} (taken over) to {@code to} with the node's headers and the client's address. */
    private CompletableFuture<HttpClient.Answer> post(Destination to, String remote, ByteBuf body) {
        HttpHeaders call = new DefaultHttpHeaders().set(headers);
        if (remote != null) {
            call.set(X_FORWARDED_FOR, remote);
        }
        return (to.tls() ? https : http).post(to.address(), to.path(), call, body);
    }

    private static JsonWriter stringOrNull(JsonWriter w, String value) {
        return value == null ? w.raw("null") : w.string(value);
    }

    /**
     * Reads an answer: an empty body, or one JSON object whose {@code msg}, where present, is a string and whose
     * {@code push}, where present, is an array.
     *
     * @throws WireException where it is not that
     */
    public UpstreamAnswer read(HttpClient.Answer answer) throws WireException {
        byte[] body = answer.body();
        if (blank(body)) {
            return new UpstreamAnswer(answer.status(), null, null, List.of());
        }
        JsonObject object = JsonObject.parse(json, body, 0, body.length);
        RawJson data = object.optRaw("data");
        List<RawJson> pushes = object.optElements("push");
        return new UpstreamAnswer(answer.status(), object.optString("msg"), data == RawJson.NULL ? null : data,
                pushes == null ? List.of() : pushes);
    }

    private static boolean blank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        http.close();
        if (https != null) {
            https.close();
        }
    }
}
