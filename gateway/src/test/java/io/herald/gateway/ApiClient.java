package io.herald.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP client for a node's API port (or its client port's {@code /healthz}), on the JDK's
 * {@link HttpClient}. Sends the API key where one is given, and reads every answer as PROTOCOL.md's
 * {@code {"code":…,"msg":…,"data":…}}. Thread-safe.
 */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WsClient.WAIT)
            .build();

    private final String base;
    private final Optional<String> apiKey;
    private final HttpClient http;

    public ApiClient(InetSocketAddress address, Optional<String> apiKey) {
        this("http://" + address.getHostString() + ":" + address.getPort(), apiKey, HTTP);
    }

    /**
     * A client of the API at {@code base}, {@code https://host:port} for one, through {@code http} (which trusts its
     * certificate).
     */
    public ApiClient(String base, Optional<String> apiKey, HttpClient http) {
        this.base = base;
        this.apiKey = apiKey;
        this.http = http;
    }

    /** One answer: the HTTP status, the headers and the JSON body. */
    public record Reply(int status, HttpResponse<String> response, Map<String, Object> body) {

        public int code() {
            return (Integer) body.get("code");
        }

        public String msg() {
            return (String) body.get("msg");
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> data() {
            return (Map<String, Object>) body.get("data");
        }

        public Object data(String field) {
            return data().get(field);
        }

        /** Checks that the HTTP status and the body's code are both {@code code}; returns this reply. */
        public Reply expect(int code) {
            assertThat(status).as("HTTP status of %s", body).isEqualTo(code);
            assertThat(body).containsEntry("code", code);
            return this;
        }
    }

    public Reply get(String pathAndQuery) {
        return send(request(pathAndQuery).GET());
    }

    /** POSTs {@code body}: a map is written as JSON, a string is sent as it is. */
    public Reply post(String path, Object body) {
        String text = body instanceof String ? (String) body : JsonTree.write(body);
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    public Reply push(Map<String, ?> body) {
        return post("/api/push", body).expect(200);
    }

    public Reply broadcast(Map<String, ?> body) {
        return post("/api/broadcast", body).expect(200);
    }

    /** A request to {@code path} with the API key header, where this client has a key. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(WsClient.WAIT)
                .header("Content-Type", "application/json");
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        return request;
    }

    public Reply send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during an API call", e);
        } catch (IOException e) {
            throw new AssertionError("API call failed: " + request.build(), e);
        }
        Map<String, Object> body;
        try {
            body = JsonTree.parseObject(response.body());
        } catch (IllegalArgumentException e) {
            throw new AssertionError("the API answered " + response.statusCode() + " with a body that is not "
                    + "a JSON object: " + response.body(), e);
        }
        return new Reply(response.statusCode(), response, body);
    }
}
