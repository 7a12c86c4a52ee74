package io.herald.gateway;

import io.herald.codec.InvalidConfigException;
import io.herald.codec.TokenMinter;
import io.herald.gateway.cluster.Eventually;
import io.herald.gateway.cluster.LogCapture;
import io.herald.gateway.tls.ServerTls;
import io.herald.gateway.tls.TlsConfig;
import io.herald.route.testing.TestCertificate;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node serving {@code wss://} on its client port and {@code https://} on its API port, from PEM files, against the
 * JDK's WebSocket and HTTP clients over real sockets: the protocol as over plain sockets, the certificate reloaded
 * from changed files without dropping a connection, a bad file kept out at start and at reload, and plain HTTP on
 * a TLS port closed quietly.
 */
class TlsIT {

    private static final String SECRET = GatewayFixture.SECRET;
    private static final Duration TOKEN_TTL = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final TokenMinter minter = new TokenMinter(SECRET);
    private TestCertificate first;
    private Path cert;
    private Path key;
    private GatewayServer server;

    @BeforeEach
    void start() throws Exception {
        first = TestCertificate.forNames("ip:127.0.0.1");
        cert = dir.resolve("node.crt");
        key = dir.resolve("node.key");
        first.writePem(cert, key);
        server = GatewayServer.create(config(cert, key)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClientLogsInOverWssAndGetsAPushSentOverHttpsWhoseAckIsAwaited() throws Exception {
        HttpClient http = trusting(first);
        WsClient alice = WsClient.connect(wss(), http);
        alice.login("alice", token("alice"), null);
        ApiClient api = new ApiClient(https(server.apiAddress()), Optional.empty(), http);

        CompletableFuture<ApiClient.Reply> push = CompletableFuture.supplyAsync(() -> api.post("/api/push",
                Map.of("uid", "alice", "id", "m-1", "data", Map.of("n", 1), "await", "ack")));
        Map<String, Object> frame = alice.nextPush();
        assertThat(frame).containsEntry("id", "m-1").containsEntry("data", Map.of("n", 1));
        alice.ack("m-1");

        ApiClient.Reply reply = push.get(5, TimeUnit.SECONDS).expect(200);
        assertThat(reply.data()).containsEntry("delivered", 1).containsEntry("acked", 1);
        assertThat(new ApiClient(https(server.clientAddress()), Optional.empty(), http).get("/healthz").expect(200)
                .data()).containsEntry("status", "ok");
        assertThat(api.get("/healthz").expect(200).response().sslSession()).isPresent();
        alice.close();
    }

    @Test
    void aChangedCertificateIsServedToNewConnectionsWhileOpenOnesGoOn() throws Exception {
        TestCertificate second = TestCertificate.forNames("ip:127.0.0.1");
        HttpClient http = trusting(first, second);
        WsClient a = WsClient.connect(wss(), http);
        a.login("a", token("a"), null);
        assertThat(served(server.clientAddress())).isEqualTo(serial(first));

        second.writePem(cert, key);

        Eventually.until("the new certificate served", () -> served(server.clientAddress()),
                serial(second)::equals);
        WsClient b = WsClient.connect(wss(), http);
        b.login("b", token("b"), null);
        ApiClient api = new ApiClient(https(server.apiAddress()), Optional.empty(), http);
        api.push(Map.of("uids", List.of("a", "b"), "id", "after", "data", "both"));
        assertThat(a.nextPush()).containsEntry("id", "after");
        assertThat(b.nextPush()).containsEntry("id", "after");
        // The API port serves the same files, looked at on their own: it takes them within the same second or so.
        Eventually.until("the new certificate served on the API port", () -> served(server.apiAddress()),
                serial(second)::equals);
        a.close();
        b.close();
    }

    @Test
    void aBadFileAtReloadKeepsTheCertificateServedAndIsNamedInAWarning() throws Exception {
        TestCertificate second = TestCertificate.forNames("ip:127.0.0.1");
        HttpClient http = trusting(first, second);
        String pem = Files.readString(cert);
        try (LogCapture log = LogCapture.of(ServerTls.class)) {
            // Half-written: its END line is not there yet.
            Files.writeString(cert, pem.substring(0, pem.length() / 2));
            // The API port, whose files are the same, warns as well: only the client port's are looked at here.
            Eventually.until("a warning", () -> clientPortWarnings(log), warnings -> !warnings.isEmpty());
            assertThat(clientPortWarnings(log).get(0)).contains("not reloaded").contains(cert.toString())
                    .contains("still being written");
            assertThat(served(server.clientAddress())).isEqualTo(serial(first));
            WsClient c = WsClient.connect(wss(), http);
            c.login("c", token("c"), null);
            c.close();

            // A certificate whose key is not there yet: the new certificate with the old key.
            second.writePem(cert, dir.resolve("second.key"));
            Eventually.until("a second warning", () -> clientPortWarnings(log), warnings -> warnings.size() == 2);
            assertThat(clientPortWarnings(log).get(1)).contains("the private key of the certificate")
                    .contains(key.toString());
            assertThat(served(server.clientAddress())).isEqualTo(serial(first));

            Files.copy(dir.resolve("second.key"), key, StandardCopyOption.REPLACE_EXISTING);
            Eventually.until("the new certificate served", () -> served(server.clientAddress()),
                    serial(second)::equals);
        }
    }

    @Test
    void aReloadAskedForReadsTheFilesAtOnce() throws Exception {
        TestCertificate second = TestCertificate.forNames("ip:127.0.0.1");
        second.writePem(cert, key);
        server.reloadTls();
        Eventually.until("the new certificate served", () -> served(server.apiAddress()), serial(second)::equals);
    }

    @Test
    void plainHttpOnATlsPortIsClosedWithoutAWarningAndTheNodeServesOn() throws Exception {
        try (LogCapture log = LogCapture.all()) {
            for (InetSocketAddress port : List.of(server.clientAddress(), server.apiAddress())) {
                try (Socket socket = new Socket(port.getAddress(), port.getPort())) {
                    socket.setSoTimeout(5000);
                    socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    assertThat(readToEnd(socket.getInputStream())).as("what the node answered")
                            .doesNotContain("HTTP/1.1");
                }
            }
            HttpClient http = trusting(first);
            WsClient d = WsClient.connect(wss(), http);
            d.login("d", token("d"), null);
            d.close();
            assertThat(log.warnings()).isEmpty();
        }
    }

    @Test
    void aNodeWhoseFilesAreNotRightRefusesToStartNamingTheFile() throws Exception {
        Path half = dir.resolve("half.crt");
        String pem = Files.readString(cert);
        Files.writeString(half, pem.substring(0, pem.length() - 40));
        assertThatThrownBy(() -> GatewayServer.create(config(half, key)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.setting()).isEqualTo("tlsCert");
                    assertThat(e.value()).isEqualTo(half.toString());
                });

        TestCertificate other = TestCertificate.forNames("ip:127.0.0.1");
        other.writePem(dir.resolve("other.crt"), dir.resolve("other.key"));
        assertThatThrownBy(() -> GatewayServer.create(config(cert, dir.resolve("other.key"))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.setting()).isEqualTo("tlsKey");
                    assertThat(e.getMessage()).contains("other.key").contains("the private key of the certificate in "
                            + cert);
                });
    }

    private static List<String> clientPortWarnings(LogCapture log) {
        return log.warnings().stream().filter(warning -> warning.contains("client port")).toList();
    }

    private GatewayConfig config(Path certFile, Path keyFile) {
        return GatewayConfig.builder().host("127.0.0.1").port(0).apiPort(0).secret(SECRET).warmupLogins(0)
                .tls(TlsConfig.builder().tlsCert(certFile).tlsKey(keyFile).apiTlsCert(certFile).apiTlsKey(keyFile)
                        .build())
                .build();
    }

    private URI wss() {
        return URI.create("wss://127.0.0.1:" + server.clientAddress().getPort() + "/ws");
    }

    private static String https(InetSocketAddress address) {
        return "https://127.0.0.1:" + address.getPort();
    }

    private String token(String uid) {
        return minter.mint(uid, List.of(), TOKEN_TTL);
    }

    /** The JDK's HTTP client, trusting these certificates and no other. */
    private static HttpClient trusting(TestCertificate... certificates) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WsClient.WAIT)
                .sslContext(TestCertificate.trustingJdkContext(certificates)).build();
    }

    private static BigInteger serial(TestCertificate certificate) throws Exception {
        return certificate.certificate().getSerialNumber();
    }

    /** The serial number of the certificate a new connection to {@code port} is served. */
    private BigInteger served(InetSocketAddress port) {
        try (SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket(port.getAddress(),
                port.getPort())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        } catch (Exception e) {
            throw new AssertionError("no TLS handshake with " + port, e);
        }
    }

    /** Trusts whatever is served: only to read which certificate that is. */
    private static SSLContext trustAll() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        return context;
    }

    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
