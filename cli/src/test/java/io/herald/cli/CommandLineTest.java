package io.herald.cli;

import io.herald.bench.BenchConfig;
import io.herald.gateway.GatewayConfig;
import io.herald.gateway.client.ClientLimits;
import com.fasterxml.jackson.core.JsonFactory;
import io.herald.gateway.auth.JwtConfig;
import io.herald.gateway.auth.JwtTokenVerifier;
import io.herald.gateway.auth.JwtVerifier;
import io.herald.gateway.auth.TokenCheckPool;
import io.herald.gateway.auth.TokenRules;
import io.herald.gateway.auth.TokenClaims;
import io.herald.gateway.capacity.CapacityConfig;
import io.herald.route.ConnectionLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> environment, String... args) {
        CommandLine cli = Main.commandLine(environment);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void tokenIsAcceptedByTheVerifier() throws Exception {
        assertThat(run(Map.of(), "token", "--uid", "alice", "--secret", SECRET, "--groups", "a,b")).isZero();

        TokenClaims claims = new JwtTokenVerifier(SECRET).verify(out.toString().trim(), "alice");
        assertThat(claims.groups()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void tokenReadsTheSecretFromTheEnvironment() throws Exception {
        assertThat(run(Map.of("HERALD_SECRET", SECRET), "token", "--uid", "bob")).isZero();

        assertThat(new JwtTokenVerifier(SECRET).verify(out.toString().trim(), "bob").uid()).isEqualTo("bob");
    }

    @Test
    void tokenSignsWithAPrivateKeyWhatTheNodeAcceptsWithItsPublicKey(@TempDir Path dir) throws Exception {
        for (String curveOrRsa : List.of("secp256r1", "secp384r1", "RSA")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(curveOrRsa.equals("RSA") ? "RSA" : "EC");
            if (curveOrRsa.equals("RSA")) {
                generator.initialize(2048);
            } else {
                generator.initialize(new ECGenParameterSpec(curveOrRsa));
            }
            KeyPair pair = generator.generateKeyPair();
            Path privateKey = pem(dir, "PRIVATE KEY", pair.getPrivate().getEncoded());
            Path publicKey = pem(dir, "PUBLIC KEY", pair.getPublic().getEncoded());
            out.getBuffer().setLength(0);

            assertThat(run(Map.of(), "token", "--uid", "alice", "--key", privateKey.toString(), "--groups", "a",
                    "--audience", "herald")).isZero();

            JwtConfig config = JwtConfig.builder().jwtPublicKey(publicKey).jwtAudience("herald").build();
            JsonFactory json = new JsonFactory();
            try (TokenCheckPool pool = new TokenCheckPool(1, 1); JwtVerifier verifier = JwtVerifier.start(config, null,
                    new TokenRules(config, Clock.systemUTC(), json), json, pool)) {
                assertThat(verifier.verify(out.toString().trim(), "alice").groups()).as(curveOrRsa)
                        .containsExactly("a");
            }
        }
    }

    @Test
    void tokenWantsASecretOrAKey() {
        assertThat(run(Map.of(), "token", "--uid", "alice")).isEqualTo(2);
        assertThat(err.toString()).contains("--secret or --key");
    }

    private static Path pem(Path dir, String type, byte[] der) throws java.io.IOException {
        return Files.writeString(Files.createTempFile(dir, "key", ".pem"), "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n");
    }

    @Test
    void tokenRefusesAShortSecret() {
        assertThat(run(Map.of(), "token", "--uid", "alice", "--secret", "short")).isEqualTo(2);
        assertThat(err.toString()).contains("'--secret'").contains("at least 32 bytes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--ping-interval|0s|Invalid value for option '--ping-interval': 0s (expected: > 0)",
        "--idle-timeout|10s|Invalid value for option '--idle-timeout': 10s (expected: longer than the ping interval",
        "--max-frame|12XB|Invalid value for option '--max-frame': '12XB' (expected: a size such as",
        "--max-frame|100B|Invalid value for option '--max-frame': 100B (expected: >= 128)",
        "--login-timeout|soon|Invalid value for option '--login-timeout': 'soon' (expected: a duration",
        "--port|70000|Invalid value for option '--port': 70000 (expected: 0 to 65535)",
        "--api-host|0.0.0.0|Invalid value for option '--api-key': (none) (expected: an API key, because",
        "--upstream|ftp://example.com/x|Invalid value for option '--upstream': ftp://example.com/x (expected: an "
                + "absolute http:// or https:// URL",
        "--upstream|/relative|Invalid value for option '--upstream': /relative (expected: an absolute http:// or",
        "--auth-upstream|/auth|Invalid value for option '--auth-upstream': /auth (expected: an absolute http:// or",
        "--upstream-route|chat.*|Invalid value for option '--upstream-route': chat.* (expected: PATTERN=URL",
        "--upstream-route|=http://127.0.0.1:9000/|Invalid value for option '--upstream-route': "
                + "=http://127.0.0.1:9000/ (expected: PATTERN=URL with a non-empty pattern",
        "--upstream-route|chat.*=ws://example.com/chat|Invalid value for option '--upstream-route': "
                + "chat.*=ws://example.com/chat (expected: an absolute http:// or https:// URL",
        "--upstream-timeout|0s|Invalid value for option '--upstream-timeout': 0s (expected: > 0)",
        "--upstream-inflight|0|Invalid value for option '--upstream-inflight': 0 (expected: >= 1)",
        "--command-rate|-1|Invalid value for option '--command-rate': -1 (expected: >= 0)",
        "--ip-connect-burst|0|Invalid value for option '--ip-connect-burst': 0 (expected: >= 1)",
        "--handshake-timeout|0s|Invalid value for option '--handshake-timeout': 0s (expected: > 0)",
        "--max-header-size|100B|Invalid value for option '--max-header-size': 100B (expected: >= 1024)",
        "--allowed-origins|example.com|Invalid value for option '--allowed-origins': example.com (expected: "
                + "origins such as https://app.example.com",
        "--max-conns-per-user|-1|Invalid value for option '--max-conns-per-user': -1 (expected: >= 0)",
        "--conns-per-user-policy|kick|Invalid value for option '--conns-per-user-policy': 'kick' (expected: reject "
                + "or replace)",
        "--max-outbound-memory|1KiB|Invalid value for option '--max-outbound-memory': 1KiB (expected: 0 (no bound) "
                + "or at least 65536)",
        "--jwks|ftp://example.com/jwks|Invalid value for option '--jwks': ftp://example.com/jwks (expected: an "
                + "http:// or https:// URL)",
        "--jwt-public-key|/no/such.pem|Invalid value for option '--jwt-public-key': /no/such.pem (expected: a "
                + "readable PEM file",
        "--jwt-leeway|11m|Invalid value for option '--jwt-leeway': 11m (expected: 0s to 10m)"})
    void serveRefusesABadFlagNamingItTheValueAndWhatWasExpected(String flag, String value, String message) {
        assertThat(run(Map.of(), "serve", flag, value)).isEqualTo(2);
        assertThat(err.toString()).contains(message).contains("herald serve --help");
    }

    @Test
    void serveRefusesACertificateWithoutItsKeyAndAKeyWithoutItsCertificate() {
        assertThat(run(Map.of(), "serve", "--tls-cert", "node.crt")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--tls-key': (none) (expected: the private key "
                + "of the certificate in node.crt (PEM), given with it)");
        assertThat(run(Map.of(), "serve", "--api-tls-key", "api.key")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--api-tls-cert': (none) (expected: the "
                + "certificate of the private key in api.key");
    }

    @Test
    void serveRefusesToStartWithAFileThatIsNotPemNamingIt(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("node.crt"), "-----BEGIN CERTIFICATE-----\nMIIB");
        Path key = Files.writeString(dir.resolve("node.key"), "not a key");

        assertThat(run(Map.of(), "serve", "--warmup-logins", "0", "--tls-cert", cert.toString(), "--tls-key",
                key.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--tls-cert': " + cert + " (expected: a PEM "
                + "certificate chain, the node's certificate first; its CERTIFICATE block has no -----END "
                + "CERTIFICATE----- line (cut short, or still being written))");
        assertThat(run(Map.of(), "serve", "--warmup-logins", "0", "--api-tls-cert", dir.resolve("missing.crt")
                .toString(), "--api-tls-key", key.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--api-tls-cert': " + dir.resolve("missing.crt")
                + " (expected: a readable PEM file; there is no such file)");
    }

    @Test
    void serveReadsFlagsFromTheEnvironment() {
        assertThat(run(Map.of("HERALD_PING_INTERVAL", "0s"), "serve")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--ping-interval': 0s (expected: > 0)");
    }

    @Test
    void aFlagOnTheCommandLineWinsOverTheEnvironment() {
        assertThat(run(Map.of("HERALD_PING_INTERVAL", "5s"), "serve", "--ping-interval", "0s")).isEqualTo(2);
        assertThat(err.toString()).contains("'--ping-interval': 0s");
    }

    @Test
    void helpNamesEveryServeFlagAndTheEnvironment() {
        assertThat(run(Map.of(), "serve", "--help")).isZero();
        assertThat(out.toString()).contains("--host", "--port", "--api-host", "--api-port", "--node-id", "--secret",
                "--api-key", "--ping-interval", "--idle-timeout", "--login-timeout", "--max-frame", "--dedupe-window",
                "--max-connections", "--upstream", "--upstream-route", "--upstream-secret", "--upstream-timeout",
                "--upstream-inflight", "--command-rate", "--ip-connect-rate", "--ip-connect-burst",
                "--handshake-timeout", "--max-header-size", "--allowed-origins", "--tls-cert", "--tls-key",
                "--api-tls-cert", "--api-tls-key", "--api-tls-trust", "--api-inflight",
                "--api-linger", "HERALD_API_KEY");
    }

    @Test
    void serveTakesItsDefaultsFromTheConfigTypesAndTheEnvironmentOverThem() {
        CommandLine cli = Main.commandLine(Map.of("HERALD_IDLE_TIMEOUT", "90s"));
        cli.parseArgs("serve", "--port", "9000");
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        GatewayConfig defaults = GatewayConfig.builder().build();

        assertThat(serve.port).isEqualTo(9000);
        assertThat(serve.pingInterval).isEqualTo(defaults.pingInterval());
        assertThat(serve.idleTimeout).isEqualTo(Duration.ofSeconds(90));
        assertThat(serve.maxFrame).isEqualTo(defaults.maxFrameBytes());
        assertThat(serve.host).isEqualTo(defaults.host());
        assertThat(serve.redisPrefix).isEqualTo(defaults.cluster().redisPrefix());
        assertThat(serve.nodeTtl).isEqualTo(defaults.cluster().nodeTtl());
        assertThat(serve.dedupeWindow).isEqualTo(defaults.cluster().dedupeWindow());
        assertThat(serve.upstreamTimeout).isEqualTo(defaults.upstream().upstreamTimeout());
        assertThat(serve.upstreamInflight).isEqualTo(defaults.upstream().upstreamInflight());
        assertThat(serve.upstream).isNull();
        assertThat(serve.apiInflight).isEqualTo(defaults.apiLimits().apiInflight());
        assertThat(serve.apiLinger).isEqualTo(defaults.apiLimits().apiLinger());
        assertThat(serve.apiKey).isNull();
        assertThat(serve.nodeId).as("made at start, not a default").isNull();
        assertThat(serve.secret).isNull();
        assertThat(serve.capacity.config()).isEqualTo(defaults.capacity());
    }

    @Test
    void serveReadsTheCapacityFlagsInAnyCaseOfThePolicy() {
        CommandLine cli = Main.commandLine(Map.of("HERALD_MAX_OUTBOUND_MEMORY", "256MiB"));
        cli.parseArgs("serve", "--max-conns-per-user", "3", "--conns-per-user-policy", "Reject");
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();

        assertThat(serve.capacity.config()).isEqualTo(new CapacityConfig(3, ConnectionLimit.Policy.REJECT,
                256 << 20));
    }

    @Test
    void serveTakesSeveralApiKeysRepeatedOrCommaSeparated() {
        CommandLine cli = Main.commandLine(Map.of("HERALD_API_KEY", "env-new,env-old"));
        cli.parseArgs("serve", "--api-key", "flag-new", "--api-key", "flag-old,flag-older");
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        assertThat(serve.apiKey).containsExactly("flag-new", "flag-old", "flag-older");

        cli = Main.commandLine(Map.of("HERALD_API_KEY", "env-new,env-old"));
        cli.parseArgs("serve");
        serve = cli.getSubcommands().get("serve").getCommand();
        assertThat(serve.apiKey).containsExactly("env-new", "env-old");
    }

    @Test
    void serveRefusesABadApiKeyWithoutEchoingIt() {
        assertThat(run(Map.of(), "serve", "--api-key", "good-key", "--api-key", "bad key")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--api-key': (7 characters) (expected: a "
                + "non-empty key of visible ASCII characters without ',', or none)").doesNotContain("bad key");
    }

    @Test
    void pushAndBenchSendTheFirstOfSeveralKeys() {
        CommandLine cli = Main.commandLine(Map.of("HERALD_API_KEY", "env-new,env-old"));
        cli.parseArgs("push", "--uid", "alice", "--data", "1");
        PushCommand push = cli.getSubcommands().get("push").getCommand();
        assertThat(push.apiKey).isEqualTo("env-new");

        cli = Main.commandLine(Map.of());
        cli.parseArgs("bench", "unicast", "--api-key", "only-key");
        BenchCommand bench = cli.getSubcommands().get("bench").getCommand();
        assertThat(bench.apiKey).isEqualTo("only-key");
    }

    @Test
    void serveTakesTheApiLimitsFromTheirFlags() {
        CommandLine cli = Main.commandLine(Map.of("HERALD_API_INFLIGHT", "64"));
        cli.parseArgs("serve", "--api-linger", "2s");
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();

        assertThat(serve.apiInflight).isEqualTo(64);
        assertThat(serve.apiLinger).isEqualTo(Duration.ofSeconds(2));
        assertThat(run(Map.of(), "serve", "--api-inflight", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--api-inflight': -1 (expected: >= 0)");
    }

    @Test
    void serveNamesTheBadRouteOfSeveralAndNeverEchoesTheUpstreamSecret() {
        assertThat(run(Map.of(), "serve", "--upstream-route", "a.*=http://127.0.0.1:9000/a", "--upstream-route",
                "b.*")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--upstream-route': b.* (expected:");

        assertThat(run(Map.of("HERALD_UPSTREAM_SECRET", ""), "serve")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--upstream-secret': (empty)");
    }

    @Test
    void serveReadsTheClientLimitsWithTheirDefaultsFromClientLimits() {
        CommandLine cli = Main.commandLine(Map.of("HERALD_COMMAND_RATE", "50"));
        cli.parseArgs("serve", "--allowed-origins", "https://app.example.com,https://*.example.com",
                "--allowed-origins", "null", "--max-header-size", "16KiB");
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        ClientLimits defaults = ClientLimits.builder().build();

        assertThat(serve.commandRate).isEqualTo(50);
        assertThat(serve.ipConnectRate).isEqualTo(defaults.ipConnectRate()).isZero();
        assertThat(serve.ipConnectBurst).isEqualTo(defaults.ipConnectBurst());
        assertThat(serve.handshakeTimeout).isEqualTo(defaults.handshakeTimeout());
        assertThat(serve.maxHeaderSize).isEqualTo(16 * 1024);
        assertThat(serve.allowedOrigins).containsExactly("https://app.example.com", "https://*.example.com", "null");
    }

    @Test
    void serveNamesTheBadOriginOfSeveral() {
        assertThat(run(Map.of(), "serve", "--allowed-origins", "https://ok.example.com,https://bad.example.com/path"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("Invalid value for option '--allowed-origins': https://bad.example.com/path (expected:");
    }

    @Test
    void serveReadsTheUpstreamRoutesInOrder() {
        CommandLine cli = Main.commandLine(Map.of());
        cli.parseArgs("serve", "--upstream", "http://127.0.0.1:9000/all", "--upstream-route",
                "chat.*=http://127.0.0.1:9001/chat", "--upstream-route", "*=http://127.0.0.1:9002/rest");
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();

        assertThat(serve.upstreamRoute).containsExactly("chat.*=http://127.0.0.1:9001/chat",
                "*=http://127.0.0.1:9002/rest");
        assertThat(serve.upstream).hasToString("http://127.0.0.1:9000/all");
    }

    @Test
    void benchTakesItsDefaultsFromItsConfigType() {
        CommandLine cli = Main.commandLine(Map.of());
        cli.parseArgs("bench", "unicast");
        BenchCommand bench = cli.getSubcommands().get("bench").getCommand();
        BenchConfig defaults = BenchConfig.builder().build();

        assertThat(bench.connections).isEqualTo(defaults.connections());
        assertThat(bench.duration).isEqualTo(defaults.duration());
        assertThat(bench.payloadSize).isEqualTo(defaults.payloadSizeBytes());
        assertThat(bench.ws).isEqualTo(defaults.ws());
        assertThat(bench.api).isEqualTo(defaults.api());
        assertThat(bench.processes).isEqualTo(defaults.processes());
        assertThat(bench.warmup).isEqualTo(defaults.warmup());
        assertThat(bench.peer).isEqualTo(defaults.peer());
    }

    @ParameterizedTest
    @CsvSource({"--api-key,HERALD_API_KEY", "--ping-interval,HERALD_PING_INTERVAL", "--max-frame,HERALD_MAX_FRAME"})
    void environmentVariablesAreNamedAfterTheFlag(String flag, String variable) {
        assertThat(ConfigDefaults.variable(flag)).isEqualTo(variable);
    }

    @ParameterizedTest
    @CsvSource({"pingInterval,--ping-interval", "maxFrameBytes,--max-frame", "nodeId,--node-id",
            "sendBufferBytes,--send-buffer", "port,--port", "redisPrefix,--redis-prefix"})
    void configSettingsMapToTheirFlags(String setting, String flag) {
        assertThat(ConfigDefaults.flag(setting)).isEqualTo(flag);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--connections|0|Invalid value for option '--connections': 0 (expected: > 0)",
        "--http-concurrency|0|Invalid value for option '--http-concurrency': 0 (expected: > 0)",
        "--batch|20000|Invalid value for option '--batch': 20000 (expected: 1 to 10000)",
        "--payload-size|1XB|Invalid value for option '--payload-size': '1XB' (expected: a size such as",
        "--duration|0s|Invalid value for option '--duration': 0s (expected: > 0)",
        "--ws|http://127.0.0.1:8080/ws|Invalid value for option '--ws': http://127.0.0.1:8080/ws (expected:",
        "--source-addresses|127.0.0|Invalid value for option '--source-addresses': 127.0.0 (expected: IPv4",
        "--secret|short|Invalid value for option '--secret': (5 bytes) (expected: at least 32 bytes for HS256)",
        "--processes|65|Invalid value for option '--processes': 65 (expected: 0 (automatic) to 64)",
        "--push|unicast|Invalid value for option '--push': unicast (expected: only with the cluster scenario)",
        "--push|sideways|Invalid value for option '--push': 'sideways' (expected: unicast or broadcast)",
        "--peer|centrifugo|Invalid value for option '--peer': 'centrifugo' (expected: herald or nchan)",
        "--peer|nchan|Invalid value for option '--ws': [ws://127.0.0.1:8080/ws] (expected: with --peer nchan, one "
                + "location the channel is appended to, ending in '/', such as ws://127.0.0.1:18090/sub/)"})
    void benchRefusesABadFlagNamingItTheValueAndWhatWasExpected(String flag, String value, String message) {
        assertThat(run(Map.of(), "bench", "broadcast", flag, value)).isEqualTo(2);
        assertThat(err.toString()).contains(message).contains("herald bench --help");
    }

    @Test
    void benchRefusesAnUnknownScenario() {
        assertThat(run(Map.of(), "bench", "mesh")).isEqualTo(2);
        assertThat(err.toString())
                .contains("'mesh' (expected: connect, broadcast, unicast, cluster, failover, upstream or "
                        + "slow-readers)");
    }

    @Test
    void benchClusterNeedsTwoNodesAtLeast() {
        assertThat(run(Map.of(), "bench", "cluster", "--ws", "ws://127.0.0.1:8080/ws")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--ws': ws://127.0.0.1:8080/ws (expected: "
                + "at least two client addresses, one per node, for cluster)");
    }

    @Test
    void benchClusterPairsOneApiWithEachClientAddress() {
        assertThat(run(Map.of(), "bench", "cluster", "--ws", "ws://127.0.0.1:8080/ws,ws://127.0.0.1:9080/ws",
                "--api", "http://127.0.0.1:8081", "--api", "http://127.0.0.1:9081", "--api", "http://127.0.0.1:10081"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--api': ")
                .contains("(expected: one address, or one per --ws address (2))");
    }

    @Test
    void benchAgainstNchanTakesItsLocationsAndRefusesWhatNchanCannotDo() {
        assertThat(run(Map.of(), "bench", "unicast", "--peer", "nchan", "--ws", "ws://127.0.0.1:18090/sub/",
                "--api", "http://127.0.0.1:18090/pub/", "--batch", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--batch': 10 (expected: 1 with --peer nchan");
        assertThat(run(Map.of("HERALD_SECRET", "0123456789abcdef0123456789abcdef"), "bench", "unicast", "--peer",
                "nchan", "--ws", "ws://127.0.0.1:18090/sub/", "--api", "http://127.0.0.1:18090/pub/")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--secret': (given) (expected: none with "
                + "--peer nchan: it has no login)").doesNotContain("0123456789abcdef");
    }

    @Test
    void benchReadsFlagsFromTheEnvironment() {
        assertThat(run(Map.of("HERALD_CONNECTIONS", "0"), "bench", "connect")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--connections': 0 (expected: > 0)");
    }

    @Test
    void helpNamesEveryBenchFlag() {
        assertThat(run(Map.of(), "bench", "--help")).isZero();
        assertThat(out.toString()).contains("SCENARIO", "--connections", "--rate", "--duration", "--count",
                "--payload-size", "--http-concurrency", "--batch", "--group", "--warmup", "--ws", "--api", "--api-key",
                "--secret", "--source-addresses", "--server-pid", "--processes", "--push", "--peer", "--json",
                "--report", "HERALD_API_KEY");
    }
}
