package io.herald.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node with several API keys, as while keys rotate: any of them is served, anything else is 401, and none of
 * them opens the cluster's {@code /internal/} paths, which only the cluster secret does (a node alone has none, so
 * they are 401 to everyone).
 */
class ApiKeyRotationIT {

    private static final String NEW_KEY = "rotation-new-key-8f2e";
    private static final String OLD_KEY = "rotation-old-key-a4b7-and-longer";

    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start(settings -> settings.apiKeys(List.of(NEW_KEY, OLD_KEY)));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void eachKeyIsServed() {
        WsClient alice = gateway.login("alice");

        for (String key : List.of(NEW_KEY, OLD_KEY)) {
            ApiClient api = gateway.api(Optional.of(key));
            assertThat(api.push(Map.of("uid", "alice", "id", "m-" + key, "data", key)).data("delivered"))
                    .isEqualTo(1);
            assertThat(alice.nextPush()).containsEntry("id", "m-" + key);
        }
    }

    @Test
    void anythingElseIs401AndDeliversNothing() {
        WsClient alice = gateway.login("alice");

        for (String wrong : List.of(NEW_KEY + OLD_KEY, NEW_KEY + "," + OLD_KEY, OLD_KEY.substring(0, NEW_KEY.length()),
                NEW_KEY.toUpperCase(), "", "x" + NEW_KEY)) {
            gateway.api(Optional.of(wrong)).post("/api/push", Map.of("uid", "alice", "data", wrong)).expect(401);
        }
        gateway.api(Optional.empty()).post("/api/push", Map.of("uid", "alice", "data", 1)).expect(401);

        gateway.assertNothingMoreFor(alice);
    }

    @Test
    void noApiKeyOpensTheInternalPaths() {
        for (String key : List.of(NEW_KEY, OLD_KEY)) {
            ApiClient.Reply reply = gateway.api(Optional.of(key)).post("/internal/relay", Map.of()).expect(401);
            assertThat(reply.msg()).isEqualTo("missing or wrong cluster secret");
        }
        gateway.api(Optional.empty()).post("/internal/relay", Map.of()).expect(401);
    }
}
