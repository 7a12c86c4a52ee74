package io.herald.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.herald.codec.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultRenderingTest {

    private final BenchResult result = SampleResults.broadcast(null, 3,
            new NodeSettings(true, "process 1234", List.of("java", "-jar", "herald.jar"), Map.of("HERALD_PORT", "1")));

    @Test
    void theJsonHoldsEveryFigureAndReadsBack() throws IOException {
        Map<String, String> leaves = leaves(result.json());

        assertThat(leaves).containsEntry("scenario", "broadcast")
                .containsEntry("machine.cpuModel", "AMD EPYC \"7B13\"")
                .containsEntry("connect.serverCpuMicrosPerConnect", "28.25")
                .containsEntry("connect.latencyMicros.p99", "990")
                .containsEntry("node.known", "true")
                .containsEntry("node.environment.HERALD_PORT", "1")
                .containsEntry("push.losses", "0")
                .containsEntry("push.serverCpuMicrosPerDelivery", "2.5")
                .containsEntry("push.clientCpuMicrosPerDelivery", "null")
                .containsEntry("settings.scenario", "broadcast")
                .containsEntry("clean", "true");
    }

    @Test
    void theJsonHoldsTheSeriesAndTheDistributions() {
        String json = result.json();

        assertThat(json).contains("\"series\": [\n    {\"seconds\": 0, \"phase\": \"connect\", \"ready\": 0,")
                .contains("{\"seconds\": 3, \"phase\": \"drain\", \"ready\": 100,")
                .contains("\"serverCpuPercent\": 37.5, \"serverRssKiB\": 100450")
                .contains("{\"percentile\": 99.9, \"micros\": 999}")
                .contains("\"phases\": [\n    {\"seconds\": 0, \"name\": \"connect\"},\n    {\"seconds\": 0.9, \"name\": \"warm-up\"}")
                .contains("{\"percentile\": 99.9999, \"micros\": 1000}")
                .contains("\"commandLine\": [\"java\", \"-jar\", \"herald.jar\"]");
    }

    @Test
    void theTableHasARowPerFigure() {
        String table = result.table();

        assertThat(table).contains("connections", "100 ready of 100, 0 failed")
                .contains("p50 500 µs  p90 900 µs  p99 990 µs  p99.9 999 µs  max 1.00 ms  (1000)")
                .contains("node 28.3 µs CPU/connect", "node 4.5 KiB RSS/connection")
                .contains("1000 received of 1000 expected")
                .contains("node 2.50 µs CPU/delivery, 250.0 µs CPU/push; client n/a CPU/delivery")
                .contains("clean: no loss");
    }

    /** Every scalar of a JSON text under its dotted path, as text. */
    private static Map<String, String> leaves(String text) throws IOException {
        Map<String, String> leaves = new HashMap<>();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (JsonParser p = new Json().parser(bytes, 0, bytes.length)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            read(p, "", leaves);
            assertThat(p.nextToken()).isNull();
        }
        return leaves;
    }

    private static void read(JsonParser p, String prefix, Map<String, String> leaves) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String path = prefix + p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                read(p, path + ".", leaves);
            } else if (value == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else {
                leaves.put(path, value == JsonToken.VALUE_NULL ? "null" : p.getText());
            }
        }
    }
}
