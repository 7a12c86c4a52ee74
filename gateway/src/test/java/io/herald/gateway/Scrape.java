package io.herald.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Prometheus scraper for the tests: {@code GET /metrics} on a node's API port, and a line parser of the text
 * exposition that gives each sample's value by its name and labels as written, e.g. {@code x_total{kind="user"}}.
 */
public final class Scrape {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Scrape() {
    }

    /** {@code GET /metrics} at {@code hostPort} (the API port), with this bearer key or none, and this Accept. */
    public static HttpResponse<String> get(String hostPort, Optional<String> key, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + hostPort + "/metrics"))
                .timeout(WsClient.WAIT);
        key.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("scrape of " + hostPort + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while scraping " + hostPort, e);
        }
    }

    /** The samples of a 200 text exposition from {@code hostPort}. */
    public static Map<String, Double> samples(String hostPort, Optional<String> key) {
        HttpResponse<String> response = get(hostPort, key, null);
        assertThat(response.statusCode()).as("the scrape's status").isEqualTo(200);
        return parse(response.body());
    }

    /** Each sample line of a text exposition: its name and labels as written, and its value. */
    public static Map<String, Double> parse(String exposition) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
