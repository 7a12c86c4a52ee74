package io.herald.route.http;

import io.herald.route.ClientTransport;
import io.herald.route.testing.TestHttpServer;
import io.herald.route.testing.TestHttpServer.Answer;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The pooled HTTP client against a real HTTP server on 127.0.0.1. */
class HttpClientTest {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final HttpClient client = new HttpClient(new ClientTransport(loops, NioSocketChannel.class),
            Duration.ofSeconds(2), 1, 1024);

    @AfterEach
    void stop() {
        client.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aServerThatClosesAfterEachAnswerIsCalledAgainOnANewConnection() throws Exception {
        try (TestHttpServer server = new TestHttpServer(request -> new Answer.HttpThenClose(200, "{\"n\":1}"))) {
            for (int i = 0; i < 3; i++) {
                HttpClient.Answer answer = post(server).get(5, TimeUnit.SECONDS);
                assertThat(answer.status()).isEqualTo(200);
                assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
            }
            assertThat(server.connections()).isEqualTo(3);
        }
    }

    @Test
    void anAnswerThatIsNotHttpOrTooLargeIsAMalformedAnswer() throws Exception {
        try (TestHttpServer server = new TestHttpServer(request -> new Answer.Garbage("SMTP ready\r\n\r\n"))) {
            assertThat(failure(post(server))).isInstanceOf(HttpClient.MalformedAnswerException.class);
            server.answer(request -> new Answer.Http(200, "x".repeat(2048)));
            assertThat(failure(post(server))).isInstanceOf(HttpClient.MalformedAnswerException.class);
            server.answer(request -> new Answer.Http(204, ""));
            assertThat(post(server).get(5, TimeUnit.SECONDS).status()).isEqualTo(204);
        }
    }

    private java.util.concurrent.CompletableFuture<HttpClient.Answer> post(TestHttpServer server) {
        return client.post(server.address(), "/", new DefaultHttpHeaders(),
                Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8));
    }

    private static Throwable failure(java.util.concurrent.CompletableFuture<HttpClient.Answer> answer)
            throws InterruptedException, TimeoutException {
        try {
            answer.get(5, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
