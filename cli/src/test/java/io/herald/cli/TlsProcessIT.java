package io.herald.cli;

import io.herald.route.testing.RedisProcess;
import io.herald.route.testing.TestCertificate;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes started from the fat jar with {@code --tls-cert}/{@code --api-tls-cert}, as an operator would: SIGHUP
 * reloads the certificate while a {@code wss://} client stays connected, two nodes of a cluster relay to each other's
 * {@code https://} API with {@code --api-tls-trust}, and {@code herald push} reaches an {@code https://} API.
 */
class TlsProcessIT {

    private static final String CLUSTER_SECRET = "tls-process-test-cluster-secret";

    @TempDir
    Path dir;

    private final List<NodeProcess> nodes = new CopyOnWriteArrayList<>();
    private final List<WsClient> clients = new CopyOnWriteArrayList<>();
    private RedisProcess redis;

    @RegisterExtension
    final TestWatcher printOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            nodes.forEach(node -> System.err.printf("----- output of %s -----%n%s%n", node, node.output()));
        }
    };

    @AfterEach
    void stop() {
        clients.forEach(WsClient::abort);
        nodes.forEach(NodeProcess::stopAsync);
        nodes.forEach(NodeProcess::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void sighupReloadsTheCertificateWhileAClientStaysConnected() throws Exception {
        TestCertificate first = TestCertificate.forNames("ip:127.0.0.1");
        TestCertificate second = TestCertificate.forNames("ip:127.0.0.1");
        Path cert = dir.resolve("node.crt");
        Path key = dir.resolve("node.key");
        first.writePem(cert, key);
        HttpClient https = trusting(first, second);
        NodeProcess node = start("tls", https, tlsFlags(cert, key));
        WsClient alice = login(node, "alice", https);
        assertThat(served(node.port())).isEqualTo(serial(first));

        second.writePem(cert, key);
        signal("HUP", node);

        BigInteger secondSerial = serial(second);
        // The log line follows the swap by a moment.
        Eventually.assertBefore(System.nanoTime() + TimeUnit.SECONDS.toNanos(5), "the new certificate served", () -> {
            assertThat(served(node.port())).isEqualTo(secondSerial);
            assertThat(node.output()).contains("TLS on the client port: reloaded (asked to)")
                    .contains("TLS on the API port: reloaded (asked to)");
        });
        assertThat(new ApiClient("https://" + node.apiAddress(), https).push("alice", "after-hup", "still here"))
                .isEqualTo(1);
        assertThat(alice.nextPushData()).isEqualTo("still here");
        WsClient bob = login(node, "bob", https);
        bob.close();
    }

    @Test
    void nodesWhoseApiServesTlsRelayToEachOtherOverHttps() throws Exception {
        TestCertificate certificate = TestCertificate.forNames("ip:127.0.0.1");
        Path cert = dir.resolve("api.crt");
        Path key = dir.resolve("api.key");
        certificate.writePem(cert, key);
        HttpClient https = trusting(certificate);
        redis = RedisProcess.launch();
        List<String> flags = List.of("--redis", redis.uri(), "--cluster-secret", CLUSTER_SECRET,
                "--api-tls-cert", cert.toString(), "--api-tls-key", key.toString(), "--api-tls-trust", cert.toString());
        NodeProcess n1 = startPlainClientPort("n1", https, flags);
        NodeProcess n2 = startPlainClientPort("n2", https, flags);
        WsClient carol = WsClient.login(n2.webSocket(), "carol");
        clients.add(carol);

        ApiClient api = new ApiClient("https://" + n1.apiAddress(), https);
        assertThat(api.nodes()).containsEntry("n2", "https://" + n2.apiAddress());
        assertThat(api.push("carol", "relayed", Map.of("over", "tls"))).isEqualTo(1);
        assertThat(carol.nextPushData()).isEqualTo(Map.of("over", "tls"));
    }

    @Test
    void pushReachesAnHttpsApiWithItsTrustOrInsecure() throws Exception {
        TestCertificate certificate = TestCertificate.forNames("ip:127.0.0.1");
        Path cert = dir.resolve("node.crt");
        Path key = dir.resolve("node.key");
        certificate.writePem(cert, key);
        HttpClient https = trusting(certificate);
        NodeProcess node = start("push", https, tlsFlags(cert, key));
        login(node, "dora", https);
        String api = "https://" + node.apiAddress();

        StringWriter out = new StringWriter();
        assertThat(push(out, "--api", api, "--api-tls-trust", cert.toString(), "--uid", "dora", "--data", "1"))
                .isZero();
        assertThat(out.toString()).contains("\"delivered\":1");
        assertThat(push(out, "--api", api, "--insecure", "--uid", "dora", "--data", "2")).isZero();
        assertThat(push(new StringWriter(), "--api", api, "--uid", "dora", "--data", "3")).as("the JVM's CAs")
                .isEqualTo(2);
    }

    private static List<String> tlsFlags(Path cert, Path key) {
        return List.of("--tls-cert", cert.toString(), "--tls-key", key.toString(), "--api-tls-cert", cert.toString(),
                "--api-tls-key", key.toString());
    }

    private NodeProcess start(String name, HttpClient https, List<String> args) {
        NodeProcess node = NodeProcess.startTls(name, args, https);
        nodes.add(node);
        return node;
    }

    /** A cluster node with TLS on its API port only. */
    private NodeProcess startPlainClientPort(String id, HttpClient https, List<String> flags) {
        List<String> args = new ArrayList<>(flags);
        args.addAll(List.of("--node-id", id));
        NodeProcess node = NodeProcess.startApiTls(id, args, https);
        nodes.add(node);
        return node;
    }

    private WsClient login(NodeProcess node, String uid, HttpClient https) {
        WsClient client = WsClient.login(URI.create("wss://127.0.0.1:" + node.port() + "/ws"), uid, https);
        clients.add(client);
        return client;
    }

    private static int push(StringWriter out, String... args) {
        var cli = Main.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        List<String> all = new ArrayList<>(List.of("push"));
        all.addAll(List.of(args));
        return cli.execute(all.toArray(String[]::new));
    }

    private static HttpClient trusting(TestCertificate... certificates) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WsClient.WAIT)
                .sslContext(TestCertificate.trustingJdkContext(certificates)).build();
    }

    private static void signal(String name, NodeProcess node) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(node.pid())).inheritIO().start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static BigInteger serial(TestCertificate certificate) throws Exception {
        return certificate.certificate().getSerialNumber();
    }

    /** The serial number of the certificate a new connection to {@code port} is served. */
    private static BigInteger served(int port) {
        try {
            SSLContext anyCertificate = SSLContext.getInstance("TLS");
            anyCertificate.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) anyCertificate.getSocketFactory().createSocket("127.0.0.1", port)) {
                socket.setSoTimeout(5000);
                socket.startHandshake();
                return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
            }
        } catch (Exception e) {
            throw new AssertionError("no TLS handshake with port " + port, e);
        }
    }
}
