package io.herald.gateway;

import io.herald.gateway.tls.TlsConfig;
import io.herald.route.testing.TestCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body over {@code --max-body} on an API port that serves {@code https://}: the 413 is read, then a TLS close
 * (close_notify) and the end of the stream, by the JDK's TLS socket still writing its body and by Node's
 * {@code fetch}, 50 times.
 */
class ApiTlsBodyLimitIT {

    @TempDir
    Path dir;

    private TestCertificate certificate;
    private Path cert;
    private GatewayServer server;

    @BeforeEach
    void start() throws Exception {
        certificate = TestCertificate.forNames("ip:127.0.0.1");
        cert = dir.resolve("node.crt");
        Path key = dir.resolve("node.key");
        certificate.writePem(cert, key);
        server = GatewayServer.create(GatewayConfig.builder().host("127.0.0.1").port(0).apiPort(0)
                .secret(GatewayFixture.SECRET).warmupLogins(0).maxBodyBytes(ApiBodyLimitIT.MAX_BODY_BYTES)
                .tls(TlsConfig.builder().apiTlsCert(cert).apiTlsKey(key).build())
                .build()).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aTlsBackendThatWritesItsWholeBodyFirstReadsThe413AndAClosedStream() throws Exception {
        InetSocketAddress api = server.apiAddress();
        byte[] body = new byte[256 * 1024];
        for (int i = 0; i < 20; i++) {
            try (SSLSocket socket = (SSLSocket) TestCertificate.trustingJdkContext(certificate).getSocketFactory()
                    .createSocket(api.getAddress(), api.getPort())) {
                socket.setSoTimeout((int) WsClient.WAIT.toMillis());
                OutputStream out = socket.getOutputStream();
                out.write(RawHttp.head("POST", "/api/push", "Content-Length: " + body.length + "\r\n"));
                out.write(body);
                out.flush();

                String answer = readToEnd(socket.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":413");
            }
        }
    }

    @Test
    void nodeFetchOverHttpsReadsThe413EveryTime() throws Exception {
        InetSocketAddress api = server.apiAddress();
        ProcessBuilder builder = new ProcessBuilder("node", ApiNodeFetchIT.SCRIPT.toString(),
                "https://127.0.0.1:" + api.getPort() + "/api/push", String.valueOf(ApiBodyLimitIT.MAX_BODY_BYTES),
                "50").redirectErrorStream(true);
        builder.environment().put("NODE_EXTRA_CA_CERTS", cert.toString());
        Process node = builder.start();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

        assertThat(node.exitValue()).as(output).isZero();
        assertThat(JsonTree.parseObject(output)).containsEntry("got413", 50);
        assertThat(server.apiInflight().inFlight()).isZero();
    }

    /** Reads to the end of the stream: a TLS socket throws where the node closed without a close_notify. */
    private static String readToEnd(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
