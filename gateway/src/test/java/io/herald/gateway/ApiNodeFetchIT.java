package io.herald.gateway;

import io.herald.gateway.api.ApiLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node's own {@code fetch} (undici), the client a backend in Node uses, sends 50 bodies over {@code --max-body}
 * ({@code src/test/node/oversized-bodies.mjs}) and reads the JSON 413 every time: it writes the whole body while
 * the node has already answered, so a node that closed at once made it fail with a reset about one try in four.
 */
class ApiNodeFetchIT {

    static final Path SCRIPT = Path.of("src/test/node/oversized-bodies.mjs").toAbsolutePath();
    private static final String KEY = "node-fetch-key-31c9";
    private static final int TRIES = 50;

    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start(settings -> settings.apiKey(KEY).maxBodyBytes(ApiBodyLimitIT.MAX_BODY_BYTES)
                .apiLimits(ApiLimits.builder().build()));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void nodeFetchReadsThe413EveryTime() throws IOException, InterruptedException {
        InetSocketAddress api = gateway.server().apiAddress();
        Process node = new ProcessBuilder("node", SCRIPT.toString(),
                "http://" + api.getHostString() + ":" + api.getPort() + "/api/push",
                String.valueOf(ApiBodyLimitIT.MAX_BODY_BYTES), String.valueOf(TRIES), KEY)
                .redirectErrorStream(true).start();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

        assertThat(node.exitValue()).as(output).isZero();
        assertThat(JsonTree.parseObject(output)).containsEntry("got413", TRIES);
        WsClient alice = gateway.login("alice");
        assertThat(gateway.api().push(Map.of("uid", "alice", "id", "m-after", "data", 1)).data("delivered"))
                .isEqualTo(1);
        assertThat(alice.nextPush()).containsEntry("id", "m-after");
    }
}
