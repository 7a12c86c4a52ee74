package io.herald.cli;

import io.herald.gateway.JsonTree;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API of one node, on the JDK's {@link HttpClient} (HTTP/1.1, keep-alive), answers read as
 * PROTOCOL.md's {@code {"code":…,"msg":…,"data":…}}: every call here expects 200 and returns {@code data}.
 * Thread-safe.
 */
final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WsClient.WAIT)
            .build();

    private final String base;
    private final HttpClient http;

    ApiClient(String base) {
        this(base, HTTP);
    }

    /** The API at {@code base} through {@code http}: for {@code https://}, one that trusts the node's certificate. */
    ApiClient(String base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /** The API of a node in another JVM. */
    static ApiClient of(NodeProcess node) {
        return new ApiClient("http://" + node.apiAddress());
    }

    /** {@code POST /api/push} of {@code body} (a JSON text); returns how many connections it reached. */
    int push(String body) {
        return (Integer) post("/api/push", body).get("delivered");
    }

    /** {@code POST /api/push} to one user. */
    int push(String uid, String id, Object data) {
        return push(JsonTree.write(Map.of("uid", uid, "id", id, "data", data)));
    }

    /** {@code GET /api/nodes}: the ids of the live nodes mapped to their addresses. */
    @SuppressWarnings("unchecked")
    Map<String, String> nodes() {
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) get("/api/nodes").get("nodes");
        return nodes.stream().collect(Collectors.toMap(n -> (String) n.get("node"), n -> (String) n.get("address")));
    }

    /** {@code GET /api/online?uid=…}: the nodes of the user's connections, one entry per connection. */
    @SuppressWarnings("unchecked")
    List<String> onlineNodes(String uid) {
        Map<String, Object> online = get("/api/online?uid=" + uid);
        List<Map<String, Object>> connections = (List<Map<String, Object>>) online.get("connections");
        assertThat(online.get("online")).as("online of %s: %s", uid, online).isEqualTo(!connections.isEmpty());
        return connections.stream().map(c -> (String) c.get("node")).sorted().collect(Collectors.toList());
    }

    Map<String, Object> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
    }

    Map<String, Object> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(WsClient.WAIT).build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + built, e);
        } catch (IOException e) {
            throw new AssertionError(built + " failed", e);
        }
        Map<String, Object> body = JsonTree.parseObject(response.body());
        assertThat(response.statusCode()).as("status of %s: %s", built, body).isEqualTo(200);
        assertThat(body).as("answer to %s", built).containsEntry("code", 200);
        return (Map<String, Object>) body.get("data");
    }
}
