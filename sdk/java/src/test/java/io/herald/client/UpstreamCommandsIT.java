package io.herald.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.gateway.JsonTree;
import io.herald.gateway.upstream.UpstreamConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Commands the node forwards to its upstream (a real HTTP server in the test): their replies' data, the upstream's
 * refusals, and the order of the replies with {@code orderedReplies}.
 */
class UpstreamCommandsIT {

    private final CountDownLatch fastAnswered = new CountDownLatch(1);
    private ExecutorService upstreamThreads;
    private HttpServer upstream;
    private TestNode node;

    @BeforeEach
    void start() throws IOException {
        upstreamThreads = Executors.newFixedThreadPool(4);
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        upstream.setExecutor(upstreamThreads);
        upstream.createContext("/", this::answer);
        upstream.start();
        URI url = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/commands");
        node = TestNode.start(settings -> settings.upstream(UpstreamConfig.builder().upstream(url).build()));
    }

    @AfterEach
    void stop() {
        node.close();
        upstream.stop(0);
        upstreamThreads.shutdownNow();
    }

    /** {@code chat.slow} answers once {@code chat.fast} was answered; {@code chat.refuse} is 422. */
    private void answer(HttpExchange exchange) throws IOException {
        Map<String, Object> call = JsonTree.parseObject(new String(exchange.getRequestBody().readAllBytes(),
                StandardCharsets.UTF_8));
        String cmd = (String) call.get("cmd");
        int status = 200;
        String body = "{\"data\":{\"cmd\":\"" + cmd + "\",\"echo\":" + JsonTree.write(call.get("data")) + "}}";
        if (cmd.equals("chat.slow")) {
            try {
                fastAnswered.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (cmd.equals("chat.refuse")) {
            status = 422;
            body = "{\"msg\":\"no such room\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
        if (cmd.equals("chat.fast")) {
            fastAnswered.countDown();
        }
    }

    private HeraldClient client(String uid, boolean ordered) throws Exception {
        HeraldClient client = HeraldClient.newBuilder().uri(node.websocketUri()).uid(uid).token(TestNode.token(uid))
                .orderedReplies(ordered).listener(new Events()).build();
        return client.connect().get(Events.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aCommandsReplyCarriesTheUpstreamsDataAndARefusalItsCodeAndMessage() throws Exception {
        try (HeraldClient client = client("upstream-data", false)) {
            Reply reply = client.send("chat.fast", "{\"text\":\"caf\\u00e9\"}").get(10, TimeUnit.SECONDS);

            assertThat(reply.code()).isEqualTo(200);
            assertThat(reply.cmd()).isEqualTo("chat.fast");
            assertThat(JsonTree.parseObject(reply.data()))
                    .isEqualTo(Map.of("cmd", "chat.fast", "echo", Map.of("text", "café")));
            CompletableFuture<Reply> refused = client.send("chat.refuse", null, Duration.ofSeconds(10));
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ReplyException.class);
            ReplyException refusal = (ReplyException) refused.handle((r, failure) -> failure).join();
            assertThat(refusal.code()).isEqualTo(422);
            assertThat(refusal.reply().msg()).isEqualTo("no such room");
        }
    }

    @Test
    void withOrderedRepliesTheRepliesComeInTheOrderTheCommandsWereSent() throws Exception {
        try (HeraldClient client = client("upstream-ordered", true)) {
            CompletableFuture<Reply> slow = client.send("chat.slow", "1");
            CompletableFuture<Reply> fast = client.send("chat.fast", "2");
            // The futures complete on the client's thread, one at a time, in the order the replies are read: where
            // the slow one's reply came first, the fast one is not done yet when it completes.
            CompletableFuture<Boolean> fastDoneFirst = slow.thenApply(reply -> fast.isDone());

            CompletableFuture.allOf(slow, fast).get(10, TimeUnit.SECONDS);

            assertThat(fastAnswered.getCount()).as("the upstream answered chat.fast first").isZero();
            assertThat(fastDoneFirst.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(fast.get().data()).contains("\"echo\":2");
        }
    }
}
