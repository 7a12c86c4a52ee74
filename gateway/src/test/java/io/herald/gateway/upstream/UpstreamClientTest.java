package io.herald.gateway.upstream;

import io.herald.codec.ClientCommand;
import io.herald.codec.Json;
import io.herald.codec.RawJson;
import io.herald.route.ClientTransport;
import io.herald.route.http.HttpClient;
import io.herald.route.testing.TestCertificate;
import io.herald.route.testing.TestHttpServer;
import io.herald.route.testing.TestHttpServer.Answer;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The upstream's client against real HTTP and HTTPS servers on 127.0.0.1: where calls go, and over what. */
class UpstreamClientTest {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ClientTransport transport = new ClientTransport(loops, NioSocketChannel.class);
    private final ClientCommand.Custom command = new ClientCommand.Custom("c1", "chat.send",
            RawJson.trusted("{\"text\":\"hi\"}"));

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aUrlWithoutPortGoesToItsSchemesPortAndPathAndQueryAreKept() {
        assertThat(UpstreamClient.Destination.of(URI.create("http://backend.example.com")))
                .isEqualTo(new UpstreamClient.Destination("backend.example.com:80", "/", false));
        assertThat(UpstreamClient.Destination.of(URI.create("https://backend.example.com/m?a=1&b=%20")))
                .isEqualTo(new UpstreamClient.Destination("backend.example.com:443", "/m?a=1&b=%20", true));
        assertThat(UpstreamClient.Destination.of(URI.create("https://127.0.0.1:8443/chat")))
                .isEqualTo(new UpstreamClient.Destination("127.0.0.1:8443", "/chat", true));
    }

    @Test
    void anHttpsUpstreamIsCalledOverTlsCheckedAgainstTheTrustGiven() throws Exception {
        TestCertificate certificate = TestCertificate.forNames("ip:127.0.0.1");
        try (TestHttpServer secure = new TestHttpServer(certificate.server(),
                request -> new Answer.Http(200, "{\"msg\":\"over tls\"}"));
             TestHttpServer plain = new TestHttpServer(request -> new Answer.Http(200, "{\"msg\":\"plain\"}"))) {
            UpstreamConfig config = UpstreamConfig.builder()
                    .upstream(URI.create("http://" + plain.address() + "/plain"))
                    .upstreamRoute("chat.*", URI.create("https://" + secure.address() + "/chat"))
                    .upstreamSecret("s3cret").build();
            try (UpstreamClient client = new UpstreamClient(config, transport, "node-1", new Json(), 4096,
                    certificate.trustingClient())) {
                HttpClient.Answer answer = client.call(client.destination("chat.send"), "alice", "conn-1",
                        "10.0.0.7", command, UnpooledByteBufAllocator.DEFAULT).get(5, TimeUnit.SECONDS);
                assertThat(client.read(answer).message()).isEqualTo("over tls");
                TestHttpServer.Request request = secure.requests().poll(5, TimeUnit.SECONDS);
                assertThat(request.path()).isEqualTo("/chat");
                assertThat(request.authorization()).isEqualTo("Bearer s3cret");
                assertThat(request.header("X-Forwarded-For")).isEqualTo("10.0.0.7");
                assertThat(request.body()).isEqualTo("{\"event\":\"message\",\"uid\":\"alice\",\"conn\":\"conn-1\","
                        + "\"node\":\"node-1\",\"cmd\":\"chat.send\",\"id\":\"c1\",\"data\":{\"text\":\"hi\"}}");

                HttpClient.Answer other = client.call(client.destination("profile.get"), "alice", "conn-1",
                        "10.0.0.7", command, UnpooledByteBufAllocator.DEFAULT).get(5, TimeUnit.SECONDS);
                assertThat(new String(other.body(), StandardCharsets.UTF_8)).contains("plain");
            }
        }
    }
}
