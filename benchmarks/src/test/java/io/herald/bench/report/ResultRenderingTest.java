package io.herald.bench.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.herald.bench.measure.NodeSettings;
import io.herald.codec.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultRenderingTest {

    private final SampleResults.Result result = SampleResults.broadcast(null, 3,
            new NodeSettings("http://127.0.0.1:8081", true, "process 1234", List.of("java", "-jar", "herald.jar"),
                    Map.of("HERALD_PORT", "1")));

    @Test
    void theJsonHoldsEveryFigureAndReadsBack() throws IOException {
        Map<String, String> leaves = leaves(result.json());

        assertThat(leaves).containsEntry("scenario", "broadcast")
                .containsEntry("machine.cpuModel", "AMD EPYC \"7B13\"")
                .containsEntry("connect.serverCpuMicrosPerConnect", "28.25")
                .containsEntry("connect.latencyMicros.p99", "990")
                .containsEntry("nodeSettings.0.node", "http://127.0.0.1:8081")
                .containsEntry("nodeSettings.0.known", "true")
                .containsEntry("nodeSettings.0.environment.HERALD_PORT", "1")
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
                .contains("\"phases\": [\n    {\"seconds\": 0, \"name\": \"connect\"},\n"
                        + "    {\"seconds\": 0.9, \"name\": \"warm-up\"}")
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

    @Test
    void aRunAgainstSeveralNodesShowsEachNodesShare() throws IOException {
        SampleResults.Result cluster = SampleResults.twoNodes(result.nodeSettings().get(0));

        assertThat(cluster.table()).contains("2 nodes sampled from /proc, node figures added up")
                .containsPattern("node 1 +http://127\\.0\\.0\\.1:8081 \\(pid 1234\\), 50 connections: "
                        + "20\\.0 µs CPU/connect, 4\\.0 KiB RSS/connection; 1\\.50 µs CPU/delivery, "
                        + "150\\.0 µs CPU/push of the run's")
                .containsPattern("node 2 +http://127\\.0\\.0\\.1:9081 \\(pid 5678\\)");
        assertThat(leaves(cluster.json())).containsEntry("nodes.1.pid", "5678")
                .containsEntry("nodes.1.cpuMicrosPerConnect", "36.5")
                .containsEntry("nodes.0.cpuMicrosPerPush", "150")
                .containsEntry("nodeSettings.1.node", "http://127.0.0.1:9081")
                .containsEntry("nodeSettings.1.commandLine.5", "n2")
                .containsEntry("nodeSettings.1.environment.HERALD_API_PORT", "9081");
        assertThat(leaves(result.json())).doesNotContainKey("nodes.0.pid");
    }

    /** Every scalar of a JSON text under its dotted path (array elements by their index), as text. */
    static Map<String, String> leaves(String text) throws IOException {
        Map<String, String> leaves = new HashMap<>();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (JsonParser p = new Json().parser(bytes, 0, bytes.length)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            read(p, "", leaves);
            assertThat(p.nextToken()).isNull();
        }
        return leaves;
    }

    private static void readArray(JsonParser p, String prefix, Map<String, String> leaves) throws IOException {
        JsonToken value;
        for (int i = 0; (value = p.nextToken()) != JsonToken.END_ARRAY; i++) {
            if (value == JsonToken.START_OBJECT) {
                read(p, prefix + i + ".", leaves);
            } else if (value == JsonToken.START_ARRAY) {
                readArray(p, prefix + i + ".", leaves);
            } else {
                leaves.put(prefix + i, value == JsonToken.VALUE_NULL ? "null" : p.getText());
            }
        }
    }

    private static void read(JsonParser p, String prefix, Map<String, String> leaves) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String path = prefix + p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                read(p, path + ".", leaves);
            } else if (value == JsonToken.START_ARRAY) {
                readArray(p, path + ".", leaves);
            } else {
                leaves.put(path, value == JsonToken.VALUE_NULL ? "null" : p.getText());
            }
        }
    }
}
