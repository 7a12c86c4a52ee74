package io.herald.client;

import io.herald.gateway.JsonTree;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A node's HTTP API as a backend calls it (no API key: the test nodes have none). Thread-safe. */
final class Api {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String base;

    Api(InetSocketAddress address) {
        this.base = "http://" + address.getHostString() + ":" + address.getPort();
    }

    /** POSTs {@code body} to {@code path}; the answer's {@code data}, where its code is 200. */
    Map<String, Object> post(String path, Map<String, Object> body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonTree.write(body))).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(path + " " + body + ": " + response.statusCode() + " " + response.body());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) JsonTree.parseObject(response.body()).get("data");
            return data;
        } catch (IOException e) {
            throw new AssertionError(path + " could not be called", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A push by uid with {@code id} and {@code data} (a number); the answer's data. */
    Map<String, Object> push(String uid, String id, int data) {
        return post("/api/push", Map.of("uid", uid, "id", id, "data", data));
    }
}
