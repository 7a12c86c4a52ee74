package io.herald.gateway;

import io.herald.gateway.api.ApiLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body over {@code --max-body} gets the JSON 413, and the backend can read it however it sends: writing the
 * whole body before it reads (the node drops the rest as it comes, then ends the connection), asking with
 * {@code Expect: 100-continue} (413 at once, no 100), or sending without end (the node ends the connection after
 * at most {@link ApiLimits#LINGER_BYTES}, or the linger time). An ordinary backend is served all the while.
 */
class ApiBodyLimitIT {

    static final int MAX_BODY_BYTES = 1024;
    private static final Duration LINGER = Duration.ofMillis(500);

    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start(settings -> settings.maxBodyBytes(MAX_BODY_BYTES)
                .apiLimits(ApiLimits.builder().apiLinger(LINGER).build()));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /**
     * The backend writes all of a 256KiB body, well past what the sockets' buffers hold, and only then reads: a node
     * that answered and closed at once would reset the connection under it, 50 times out of 50 here.
     */
    @Test
    void aBackendThatWritesItsWholeBodyFirstReadsThe413() throws IOException {
        byte[] body = new byte[256 * 1024];
        Arrays.fill(body, (byte) 'x');
        for (int i = 0; i < 50; i++) {
            try (RawHttp raw = RawHttp.connect(gateway.server().apiAddress())) {
                raw.write(RawHttp.head("POST", "/api/push", "Content-Length: " + body.length + "\r\n"));
                raw.write(body);

                assertTooLarge(raw.read());
                assertThat(raw.atEndOfStream()).as("the node ends the connection after its 413").isTrue();
            }
        }
        servesAnOrdinaryBackend();
    }

    @Test
    void aChunkedBodyOverTheLimitGetsThe413Too() throws IOException {
        try (RawHttp raw = RawHttp.connect(gateway.server().apiAddress())) {
            raw.write(RawHttp.head("POST", "/api/push", "Transfer-Encoding: chunked\r\n"));
            byte[] chunk = ("400\r\n" + "y".repeat(1024) + "\r\n").getBytes();
            for (int i = 0; i < 64; i++) {
                raw.write(chunk);
            }
            raw.write("0\r\n\r\n".getBytes());

            assertTooLarge(raw.read());
            assertThat(raw.atEndOfStream()).isTrue();
        }
    }

    @Test
    void expectContinueWithALengthPastTheLimitGets413AndNo100() throws IOException {
        try (RawHttp raw = RawHttp.connect(gateway.server().apiAddress())) {
            raw.write(RawHttp.head("POST", "/api/push", "Content-Length: 10485760\r\nExpect: 100-continue\r\n"));

            assertTooLarge(raw.read());
            assertThat(raw.atEndOfStream()).isTrue();
        }
        // Within the limit, the 100 comes and the request is served.
        WsClient alice = gateway.login("alice");
        String json = "{\"uid\":\"alice\",\"id\":\"m-continued\",\"data\":1}";
        try (RawHttp raw = RawHttp.connect(gateway.server().apiAddress())) {
            raw.write(RawHttp.head("POST", "/api/push", "Content-Length: " + json.length()
                    + "\r\nExpect: 100-continue\r\n"));
            assertThat(raw.read().status()).isEqualTo(100);
            raw.write(json.getBytes());

            RawHttp.Answer answer = raw.read();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json()).containsEntry("code", 200);
        }
        assertThat(alice.nextPush()).containsEntry("id", "m-continued");
    }

    @Test
    void anExpectationOtherThanContinueGets417AsJson() throws IOException {
        try (RawHttp raw = RawHttp.connect(gateway.server().apiAddress())) {
            raw.write(RawHttp.head("POST", "/api/push", "Content-Length: 10\r\nExpect: 200-ok\r\n"));

            RawHttp.Answer answer = raw.read();
            assertThat(answer.status()).isEqualTo(417);
            assertThat(answer.json()).containsEntry("code", 417).containsEntry("data", null);
            assertThat(raw.atEndOfStream()).isTrue();
        }
        servesAnOrdinaryBackend();
    }

    /** A body without end: the node reads and drops no more than its bound, then ends the connection. */
    @Test
    void aBackendSendingWithoutEndIsCutOffAfterTheLingerBound() throws Exception {
        try (RawHttp raw = RawHttp.connect(gateway.server().apiAddress())) {
            raw.write(RawHttp.head("POST", "/api/push", "Content-Length: 10000000000\r\n"));
            CompletableFuture<Long> written = CompletableFuture.supplyAsync(() -> writeUntilRefused(raw));

            assertTooLarge(raw.read());
            long bytes = written.get(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);

            // What the node dropped, plus what the two sockets' buffers held when it closed.
            assertThat(bytes).isGreaterThan(ApiLimits.LINGER_BYTES).isLessThan(4L * ApiLimits.LINGER_BYTES);
            servesAnOrdinaryBackend();
        }
    }

    /** A body trickled byte by byte: the node ends the connection once the linger time is up. */
    @Test
    void aBackendTricklingItsBodyIsCutOffAfterTheLingerTime() throws Exception {
        try (RawHttp raw = RawHttp.connect(gateway.server().apiAddress())) {
            raw.write(RawHttp.head("POST", "/api/push", "Content-Length: 100000\r\n"));
            raw.write(new byte[2 * MAX_BODY_BYTES]);
            assertTooLarge(raw.read());
            assertThat(raw.atEndOfStream()).isTrue();

            long started = System.nanoTime();
            CompletableFuture<Long> written = CompletableFuture.supplyAsync(() -> trickleUntilRefused(raw));

            assertThat(written.get(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isPositive();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(LINGER.dividedBy(2));
        }
        servesAnOrdinaryBackend();
    }

    private static long writeUntilRefused(RawHttp raw) {
        byte[] block = new byte[64 * 1024];
        long written = 0;
        try {
            while (written < 100L * ApiLimits.LINGER_BYTES) {
                raw.write(block);
                written += block.length;
            }
            throw new AssertionError("the node took " + written + " bytes of a body past its limit");
        } catch (IOException expected) {
            return written;
        }
    }

    /** Writes a byte every 20ms until a write fails (the node closed); how many were written. */
    private static long trickleUntilRefused(RawHttp raw) {
        long written = 0;
        try {
            while (true) {
                raw.write(new byte[] {'z'});
                written++;
                Thread.sleep(20); // the trickle is the test: a byte at a time, spaced out
            }
        } catch (IOException expected) {
            return written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void servesAnOrdinaryBackend() {
        WsClient bob = gateway.login("bob");
        assertThat(gateway.api().push(Map.of("uid", "bob", "id", "m-ordinary", "data", 1)).data("delivered"))
                .isEqualTo(1);
        assertThat(bob.nextPush()).containsEntry("id", "m-ordinary");
    }

    static void assertTooLarge(RawHttp.Answer answer) {
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.headers()).containsEntry("content-type", "application/json")
                .containsEntry("connection", "close");
        assertThat(answer.json()).containsEntry("code", 413).containsEntry("data", null);
        assertThat((String) answer.json().get("msg")).contains(String.valueOf(MAX_BODY_BYTES));
    }
}
