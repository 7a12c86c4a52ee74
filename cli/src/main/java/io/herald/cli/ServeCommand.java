package io.herald.cli;

import io.herald.gateway.GatewayConfig;
import io.herald.gateway.GatewayServer;
import io.herald.route.Cluster;
import io.herald.route.InMemoryCluster;
import io.herald.codec.InvalidConfigException;
import io.herald.route.redis.RedisCluster;
import io.herald.route.redis.RedisClusterConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code herald serve}: runs a node until it is stopped (SIGINT or SIGTERM), then closes every client with
 * 1001 so that they reconnect elsewhere.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a Herald node: clients on --host:--port (/ws, /healthz), the HTTP API on "
                + "--api-host:--api-port.",
        footer = {"", "Durations: 500ms, 25s, 5m, 1h. Sizes: 512B, 64KiB, 1MiB.",
                "Every flag can also be set through the environment as HERALD_<FLAG>, "
                        + "e.g. HERALD_API_KEY for --api-key; a flag on the command line wins."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "Address of the client port (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Client port: WebSocket at /ws, and /healthz "
            + "(default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = "--api-host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address of the API port (default: ${DEFAULT-VALUE}). Anything but loopback needs "
                    + "--api-key.")
    String apiHost;

    @Option(names = "--api-port", defaultValue = "8081",
            description = "API port: /api/*, /healthz (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int apiPort;

    @Option(names = "--node-id", paramLabel = "ID",
            description = "This node's id, unique in the cluster (default: generated).")
    String nodeId;

    @Option(names = "--secret", paramLabel = "SECRET",
            description = "HS256 secret that signs client tokens, at least 32 bytes. Without it the node runs in "
                    + "development mode and accepts any token.")
    String secret;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Key backends must send as 'Authorization: Bearer KEY' (default: none on loopback).")
    String apiKey;

    @Option(names = "--ping-interval", defaultValue = "25s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Ping a client that sent nothing for this long "
            + "(default: ${DEFAULT-VALUE}).")
    Duration pingInterval;

    @Option(names = "--idle-timeout", defaultValue = "60s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Close a client that sent nothing for this long "
            + "(default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--login-timeout", defaultValue = "5s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Close a connection that has not logged in by then "
            + "(default: ${DEFAULT-VALUE}).")
    Duration loginTimeout;

    @Option(names = "--max-frame", defaultValue = "64KiB", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Largest message a client may send; larger ones close it with 1009 "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxFrame;

    @Option(names = "--max-body", defaultValue = "1MiB", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Largest HTTP API request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--send-buffer", defaultValue = "1MiB", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Bytes that may wait to be sent to one client before it is closed with 4009 as too "
                    + "slow (default: ${DEFAULT-VALUE}).")
    int sendBuffer;

    @Option(names = "--dedupe-window", defaultValue = "5m", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "How long a push id is remembered, so a retry is not "
            + "delivered twice (default: ${DEFAULT-VALUE}).")
    Duration dedupeWindow;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Most client connections held at once; more get 503 (default: no limit).")
    Integer maxConnections;

    @Option(names = "--redis", paramLabel = "URI",
            description = "Join a cluster through Redis: redis://[:password@]host:port[/db], rediss:// for TLS, or "
                    + "several comma-separated seeds of a Redis Cluster. Without it the node runs alone.")
    String redis;

    @Option(names = "--redis-prefix", defaultValue = "herald:", paramLabel = "PREFIX",
            description = "Prefix of every Redis key (default: ${DEFAULT-VALUE}).")
    String redisPrefix;

    @Option(names = "--cluster-secret", paramLabel = "SECRET",
            description = "Secret the nodes of a cluster present to each other, the same on every node, at least "
                    + "16 characters; required with --redis.")
    String clusterSecret;

    @Option(names = "--advertise", paramLabel = "HOST:PORT",
            description = "Where other nodes reach this node's API port (default: --api-host:--api-port).")
    String advertise;

    @Option(names = "--node-ttl", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A node that stops renewing itself leaves the cluster after this long "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration nodeTtl;

    @Option(names = "--relay-timeout", defaultValue = "2s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Longest wait for another node to take a relayed push "
            + "(default: ${DEFAULT-VALUE}).")
    Duration relayTimeout;

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig config = config();
        GatewayServer server = new GatewayServer(config, clusterFactory(config));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "herald-shutdown"));
        try {
            server.start();
        } catch (RuntimeException e) {
            // Netty rethrows bind failures (address in use, no permission) unchecked from sync().
            throw new ParameterException(spec.commandLine(), "cannot start: " + e);
        }
        stopped.await();
        return 0;
    }

    private GatewayConfig config() {
        try {
            return GatewayConfig.builder()
                    .host(host).port(port).apiHost(apiHost).apiPort(apiPort)
                    .nodeId(nodeId).secret(secret).apiKey(apiKey)
                    .pingInterval(pingInterval).idleTimeout(idleTimeout).loginTimeout(loginTimeout)
                    .maxFrameBytes(maxFrame).maxBodyBytes(maxBody).sendBufferBytes(sendBuffer)
                    .dedupeWindow(dedupeWindow).maxConnections(maxConnections == null ? 0 : maxConnections)
                    .advertise(advertise).clusterSecret(redis == null ? null : requireClusterSecret())
                    .build();
        } catch (InvalidConfigException e) {
            throw new ParameterException(spec.commandLine(), describe(e));
        }
    }

    private String requireClusterSecret() {
        if (clusterSecret == null) {
            throw new InvalidConfigException("clusterSecret", "(none)", "a secret shared by the nodes, with --redis");
        }
        return clusterSecret;
    }

    private Cluster.Factory clusterFactory(GatewayConfig config) {
        if (redis == null) {
            return InMemoryCluster.factory(config.dedupeWindow());
        }
        try {
            return RedisCluster.factory(RedisClusterConfig.builder()
                    .redis(redis).keyPrefix(redisPrefix).clusterSecret(clusterSecret)
                    .nodeTtl(nodeTtl).relayTimeout(relayTimeout)
                    .build(), config.dedupeWindow());
        } catch (InvalidConfigException e) {
            throw new ParameterException(spec.commandLine(), describe(e));
        }
    }

    /** The config's complaint in the user's words: the flag, the value as given, and what was expected. */
    private String describe(InvalidConfigException e) {
        String flag = flag(e.setting());
        CommandLine.Model.OptionSpec option = spec.findOption(flag);
        String given = option == null ? e.value() : String.valueOf(optionText(option));
        if ("--secret".equals(flag) || "--api-key".equals(flag) || "--cluster-secret".equals(flag)) {
            given = e.value(); // never echo secrets
        }
        return "Invalid value for option '" + flag + "': " + given + " (expected: " + e.expected() + ")";
    }

    private Object optionText(CommandLine.Model.OptionSpec option) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        CommandLine.Model.OptionSpec matched = parsed == null ? null : parsed.matchedOption(option.longestName());
        if (matched != null && !matched.originalStringValues().isEmpty()) {
            return matched.originalStringValues().get(0);
        }
        Object value = option.getValue();
        return value instanceof Duration ? DurationConverter.format((Duration) value) : value;
    }

    /** {@code pingInterval} to {@code --ping-interval}; sizes drop their unit: {@code maxFrameBytes} to {@code --max-frame}. */
    static String flag(String setting) {
        if ("keyPrefix".equals(setting)) {
            return "--redis-prefix";
        }
        String name = setting.endsWith("Bytes") ? setting.substring(0, setting.length() - 5) : setting;
        return "--" + name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
