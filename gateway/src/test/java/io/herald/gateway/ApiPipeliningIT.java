package io.herald.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend that pipelines requests on one connection gets them served one at a time, in order: the node does not
 * start a request before the one ahead of it is answered, so one connection never has more than one request under
 * way, whatever it wrote. An ordinary backend is served beside it.
 */
class ApiPipeliningIT {

    private static final int REQUESTS = 1000;
    private static final String KEY = "pipelining-key-77d0";

    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start(settings -> settings.apiKey(KEY));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /**
     * 1,000 pushes that each wait for alice's ack, written in one go: alice gets each only once the one before it was
     * acked and answered (the node has exactly one request under way when she reads it), and the answers come back
     * in order.
     */
    @Test
    void aThousandPipelinedRequestsAreServedOneAtATimeInOrder() throws IOException {
        WsClient alice = gateway.login("alice");
        WsClient bob = gateway.login("bob");
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        for (int i = 0; i < REQUESTS; i++) {
            requests.write(RawHttp.post("/api/push",
                    "{\"uid\":\"alice\",\"id\":\"p-" + i + "\",\"data\":" + i + ",\"await\":\"ack\"}", KEY));
        }

        try (RawHttp raw = RawHttp.connect(gateway.server().apiAddress())) {
            raw.write(requests.toByteArray());
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(alice.nextPush()).as("push %d", i).containsEntry("id", "p-" + i);
                assertThat(gateway.server().apiInflight().inFlight()).as("requests under way at push %d", i)
                        .isEqualTo(1);
                if (i == REQUESTS / 2) {
                    // Another backend, on its own connection, is served while the pipeline waits for an ack.
                    assertThat(gateway.api().push(Map.of("uid", "bob", "id", "ordinary", "data", 1))
                            .data("delivered")).isEqualTo(1);
                    assertThat(bob.nextPush()).containsEntry("id", "ordinary");
                }
                alice.ack("p-" + i);
            }
            for (int i = 0; i < REQUESTS; i++) {
                RawHttp.Answer answer = raw.read();
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.json().get("data")).asInstanceOf(InstanceOfAssertFactories.MAP)
                        .containsEntry("id", "p-" + i).containsEntry("acked", 1);
            }
        }
        assertThat(gateway.server().apiInflight().inFlight()).isZero();
    }

    /**
     * A backend that writes all its requests before it reads an answer, through a small receive buffer, and asks for
     * answers far larger than what the node lets wait to be written (the history of a stream of 100 pushes of 2KiB):
     * the node takes no request while an answer waits to be written, and answers every one, in order, as the backend
     * reads.
     */
    @Test
    void aBackendThatReadsNoAnswerWhileItWritesIsServedInOrder() throws Exception {
        String big = "\"" + "b".repeat(2048) + "\"";
        for (int i = 0; i < 100; i++) {
            gateway.api().push(Map.of("uid", "big", "id", "h-" + i, "data", big));
        }
        int pairs = 100;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < pairs; i++) {
            all.write(RawHttp.head("GET", "/api/history?stream=user:big", "Authorization: Bearer " + KEY + "\r\n"));
            all.write(RawHttp.post("/api/push", "{\"uid\":\"nobody\",\"id\":\"q-" + i + "\",\"data\":" + i + "}", KEY));
        }
        try (RawHttp raw = RawHttp.connect(gateway.server().apiAddress(), 4096)) {
            raw.write(all.toByteArray()); // small enough for the sockets' buffers: written whatever the node does

            for (int i = 0; i < pairs; i++) {
                RawHttp.Answer history = raw.read();
                assertThat(history.status()).isEqualTo(200);
                assertThat(history.body().length()).isGreaterThan(100 * 2048);
                RawHttp.Answer push = raw.read();
                assertThat(push.status()).isEqualTo(200);
                assertThat(push.json().get("data")).asInstanceOf(InstanceOfAssertFactories.MAP)
                        .containsEntry("id", "q-" + i);
            }
        }
        assertThat(gateway.server().apiInflight().inFlight()).isZero();
    }

    /** Pipelined requests behind one that closes the connection are not served. */
    @Test
    void nothingIsServedAfterARequestThatClosesTheConnection() throws IOException {
        WsClient alice = gateway.login("alice");
        try (RawHttp raw = RawHttp.connect(gateway.server().apiAddress())) {
            ByteArrayOutputStream requests = new ByteArrayOutputStream();
            requests.write(RawHttp.post("/api/push", "{\"uid\":\"alice\",\"id\":\"first\",\"data\":1}", KEY));
            requests.write(RawHttp.head("GET", "/api/online?uid=alice", "Authorization: Bearer " + KEY
                    + "\r\nConnection: close\r\n"));
            requests.write(RawHttp.post("/api/push", "{\"uid\":\"alice\",\"id\":\"after-close\",\"data\":1}", KEY));
            raw.write(requests.toByteArray());

            assertThat(raw.read().status()).isEqualTo(200);
            RawHttp.Answer online = raw.read();
            assertThat(online.status()).isEqualTo(200);
            assertThat(online.headers()).containsEntry("connection", "close");
            assertThat(raw.atEndOfStream()).isTrue();
        }
        assertThat(alice.nextPush()).containsEntry("id", "first");
        gateway.assertNothingMoreFor(alice);
    }
}
