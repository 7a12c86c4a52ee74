package io.herald.route.http;

import io.herald.route.ClientTransport;
import io.herald.route.testing.TestCertificate;
import io.herald.route.testing.TestHttpServer;
import io.herald.route.testing.TestHttpServer.Answer;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The pooled HTTP client against a real HTTP server on 127.0.0.1. */
class HttpClientTest {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final HttpClient client = new HttpClient(new ClientTransport(loops, NioSocketChannel.class),
            Duration.ofSeconds(2), 1, 1024);

    private final List<HttpClient> tlsClients = new ArrayList<>();

    @AfterEach
    void stop() {
        client.close();
        tlsClients.forEach(HttpClient::close);
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

    @Test
    void overTlsTheServersCertificateIsCheckedAgainstTheTrustAndTheHostAsked() throws Exception {
        TestCertificate certificate = TestCertificate.forNames("ip:127.0.0.1,dns:localhost");
        try (TestHttpServer server = new TestHttpServer(certificate.server(),
                request -> new Answer.Http(200, "{\"tls\":true}"))) {
            HttpClient trusting = tlsClient(certificate.trustingClient());
            HttpClient.Answer answer = post(trusting, server.address()).get(5, TimeUnit.SECONDS);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"tls\":true}");
            assertThat(server.requests().poll(5, TimeUnit.SECONDS).body()).isEqualTo("{}");

            HttpClient systemTrust = tlsClient(SslContextBuilder.forClient().build());
            assertThat(failure(post(systemTrust, server.address()))).as("a certificate no CA signed")
                    .isInstanceOf(SSLException.class);
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void overTlsACertificateForAnotherNameIsRefused() throws Exception {
        TestCertificate certificate = TestCertificate.forNames("dns:example.com");
        try (TestHttpServer server = new TestHttpServer(certificate.server(),
                request -> new Answer.Http(200, "{}"))) {
            HttpClient trusting = tlsClient(certificate.trustingClient());

            assertThat(failure(post(trusting, server.address()))).isInstanceOf(SSLException.class);
            assertThat(server.requests()).isEmpty();
        }
    }

    private HttpClient tlsClient(SslContext tls) {
        HttpClient tlsClient = new HttpClient(new ClientTransport(loops, NioSocketChannel.class),
                Duration.ofSeconds(2), 1, 1024, Optional.of(tls));
        tlsClients.add(tlsClient);
        return tlsClient;
    }

    private java.util.concurrent.CompletableFuture<HttpClient.Answer> post(HttpClient http, String address) {
        return http.post(address, "/", new DefaultHttpHeaders(), Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8));
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
