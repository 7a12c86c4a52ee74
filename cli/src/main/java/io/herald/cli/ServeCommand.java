package io.herald.cli;

import io.herald.codec.InvalidConfigException;
import io.herald.gateway.GatewayConfig;
import io.herald.gateway.GatewayServer;
import io.herald.gateway.api.ApiLimits;
import io.herald.gateway.auth.JwtConfig;
import io.herald.gateway.client.ClientLimits;
import io.herald.gateway.upstream.UpstreamConfig;
import io.herald.route.ClusterConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code herald serve}: runs a node until it is stopped (SIGINT or SIGTERM), then closes every client with
 * 1001 so that they reconnect elsewhere. SIGHUP reloads its TLS certificates.
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

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address of the client port (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", description = "Client port: WebSocket at /ws, and /healthz "
            + "(default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = "--api-host", paramLabel = "ADDRESS",
            description = "Address of the API port (default: ${DEFAULT-VALUE}). Anything but loopback needs "
                    + "--api-key.")
    String apiHost;

    @Option(names = "--api-port",
            description = "API port: /api/*, /healthz (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int apiPort;

    @Option(names = "--node-id", paramLabel = "ID",
            description = "This node's id, unique in the cluster (default: generated).")
    String nodeId;

    @Option(names = "--secret", paramLabel = "SECRET",
            description = "HS256 secret that signs client tokens, at least 32 bytes. Without it, --jwt-public-key "
                    + "or --jwks, the node runs in development mode and accepts any token.")
    String secret;

    // Tokens signed with a public key, and the claims every token must satisfy (JwtConfig).
    @Option(names = "--jwt-public-key", paramLabel = "FILE",
            description = "PEM file with the RSA or EC public key (or a certificate) that signs client tokens: "
                    + "RS256/384/512, PS256/384/512, ES256/384/512. With --secret too, a token's alg picks "
                    + "(HS256 only against the secret).")
    Path jwtPublicKey;

    @Option(names = "--jwks", paramLabel = "URL",
            description = "Fetch the keys that sign client tokens from this JWKS (http:// or https://), cached, "
                    + "fetched again on an unknown kid and every 5m. Not with --jwt-public-key.")
    URI jwks;

    @Option(names = "--jwks-min-refresh", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Fetch the JWKS again for an unknown kid at most once per this long "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration jwksMinRefresh;

    @Option(names = "--jwt-leeway", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Allowance for the token issuer's clock in checking exp and nbf "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration jwtLeeway;

    @Option(names = "--jwt-audience", paramLabel = "AUD",
            description = "Require tokens whose aud is or contains AUD (default: not checked).")
    String jwtAudience;

    @Option(names = "--jwt-issuer", paramLabel = "ISS",
            description = "Require tokens whose iss is ISS (default: not checked).")
    String jwtIssuer;

    @Option(names = "--api-key", paramLabel = "KEY", split = ",",
            description = "Key backends must send as 'Authorization: Bearer KEY'; repeatable (or comma-separated, "
                    + "as HERALD_API_KEY=new,old), any listed key is accepted, so keys can rotate "
                    + "(default: none on loopback).")
    List<String> apiKey;

    @Option(names = "--ping-interval", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Ping a client that sent nothing for this long "
            + "(default: ${DEFAULT-VALUE}).")
    Duration pingInterval;

    @Option(names = "--idle-timeout", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Close a client that sent nothing for this long "
            + "(default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--login-timeout", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Close a connection that has not logged in by then "
            + "(default: ${DEFAULT-VALUE}).")
    Duration loginTimeout;

    @Option(names = "--max-frame", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Largest message a client may send; larger ones close it with 1009 "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxFrame;

    @Option(names = "--max-body", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Largest HTTP API request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--api-inflight", paramLabel = "N",
            description = "Most API requests under way at once on this node (pushes awaiting acks included; "
                    + "/healthz and other nodes' relays aside); past it a request gets 503 with Retry-After; "
                    + "0 for no limit (default: ${DEFAULT-VALUE}).")
    int apiInflight;

    @Option(names = "--api-linger", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "After an answer that closes an API connection (a body over --max-body), keep reading "
                    + "and dropping what the backend still sends, up to 16MiB, for at most this long, so that it "
                    + "can read the answer (default: ${DEFAULT-VALUE}).")
    Duration apiLinger;

    @Option(names = "--send-buffer", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Bytes that may wait to be sent to one client before it is closed with 4009 as too "
                    + "slow (default: ${DEFAULT-VALUE}).")
    int sendBuffer;

    @Option(names = "--dedupe-window", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "How long a push id is remembered, so a retry is not "
            + "delivered twice (default: ${DEFAULT-VALUE}).")
    Duration dedupeWindow;

    @Option(names = "--dedupe-max-ids", paramLabel = "N",
            description = "Most push ids a node alone remembers (about 100 bytes each); past it the oldest are "
                    + "forgotten early, and the log says so (default: ${DEFAULT-VALUE}).")
    int dedupeMaxIds;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Most client connections held at once; more get 503 (default: 0, no limit).")
    int maxConnections;

    @Option(names = "--max-pending-logins", paramLabel = "N",
            description = "Most upgrades under way at once (upgrade request to login reply); past it an upgrade "
                    + "is answered 503 with Retry-After before its handshake, so that a reconnect storm is served "
                    + "in turn; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int maxPendingLogins;

    @Option(names = "--redis", paramLabel = "URI",
            description = "Join a cluster through Redis: redis://[:password@]host:port[/db], rediss:// for TLS, or "
                    + "several comma-separated seeds of a Redis Cluster. Without it the node runs alone.")
    String redis;

    @Option(names = "--redis-prefix", paramLabel = "PREFIX",
            description = "Prefix of every Redis key (default: ${DEFAULT-VALUE}).")
    String redisPrefix;

    @Option(names = "--cluster-secret", paramLabel = "SECRET",
            description = "Secret the nodes of a cluster present to each other, the same on every node, at least "
                    + "16 characters; required with --redis.")
    String clusterSecret;

    @Option(names = "--advertise", paramLabel = "HOST:PORT",
            description = "Where other nodes reach this node's API port (default: --api-host:--api-port).")
    String advertise;

    @Option(names = "--node-ttl", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A node that stops renewing itself leaves the cluster after this long "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration nodeTtl;

    @Option(names = "--relay-timeout", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Longest wait for another node to take a relayed push "
            + "(default: ${DEFAULT-VALUE}).")
    Duration relayTimeout;

    @Option(names = "--history-size", paramLabel = "N",
            description = "Pushes each stream keeps for clients that reconnect with 'since'; 0 turns streams off "
                    + "(default: ${DEFAULT-VALUE}).")
    int historySize;

    @Option(names = "--history-ttl", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long a push stays in its stream's history (default: ${DEFAULT-VALUE}).")
    Duration historyTtl;

    @Option(names = "--history-memory", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Most heap a node alone spends on history (each push's frame plus about 112 bytes); past "
                    + "it the oldest pushes go first, and the log says so (default: ${DEFAULT-VALUE}).")
    int historyMemory;

    @Option(names = "--events", paramLabel = "URL",
            description = "POST the node's events (receipts of acked and expired pushes; connects and disconnects "
                    + "of its clients) here, batched, as {\"events\":[...]} (default: none).")
    URI events;

    @Option(names = "--upstream", paramLabel = "URL",
            description = "POST each client command the node does not handle itself (from a logged-in client) here, "
                    + "and reply with what it answers; where no --upstream-route matches (default: none, such "
                    + "commands get 404).")
    URI upstream;

    @Option(names = "--upstream-route", paramLabel = "PATTERN=URL",
            description = "POST the commands whose name matches PATTERN ('*' for any run of characters, e.g. "
                    + "chat.*) here instead; repeatable, the first that matches wins.")
    List<String> upstreamRoute;

    @Option(names = "--upstream-secret", paramLabel = "SECRET",
            description = "Sent to the upstream as 'Authorization: Bearer SECRET' with each call (default: none).")
    String upstreamSecret;

    @Option(names = "--upstream-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Longest an upstream call may take; past it the client gets 504 (default: ${DEFAULT-VALUE}).")
    Duration upstreamTimeout;

    @Option(names = "--upstream-inflight", paramLabel = "N",
            description = "Most upstream calls one connection may have under way; past it a command gets 429 "
                    + "(default: ${DEFAULT-VALUE}).")
    int upstreamInflight;

    @Option(names = "--auth-upstream", paramLabel = "URL",
            description = "POST each login here ({\"event\":\"login\",\"uid\",\"token\",\"device\","
                    + "\"remote\"}) and let the backend decide: 200 allows it (an optional {\"groups\":[...]} lists "
                    + "the groups the client may join), any other status refuses it. Tokens are then checked only "
                    + "where --secret is set too, before the call (default: none, tokens alone decide).")
    URI authUpstream;

    @Option(names = "--warmup-logins", paramLabel = "N",
            description = "Before its ports open, run this many logins, with pushes and closes, on a throwaway "
                    + "copy of the node, so that the first clients meet compiled code (at most 20 s); 0 starts "
                    + "cold (default: ${DEFAULT-VALUE}).")
    int warmupLogins;

    @Option(names = "--drain-period", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "On SIGTERM or POST /api/drain, close the clients with 1001 spread over this long, then "
                    + "exit (default: ${DEFAULT-VALUE}).")
    Duration drainPeriod;

    // The client port's limits (ClientLimits), one block.

    @Option(names = "--command-rate", paramLabel = "N",
            description = "Commands a second one connection may send (acks not counted), with a burst of as many; past "
                    + "it a command gets 429 and is not run, and more than N refusals within 10 s close the connection "
                    + "with 4008; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int commandRate;

    @Option(names = "--ip-connect-rate", paramLabel = "N",
            description = "New connections a second one address may open (IPv6 by its /64), after a burst of "
                    + "--ip-connect-burst; past it the request is answered 429 with Retry-After before any handshake. "
                    + "Behind a proxy every client has the proxy's address: set it where clients connect directly "
                    + "(default: ${DEFAULT-VALUE}, no limit).")
    int ipConnectRate;

    @Option(names = "--ip-connect-burst", paramLabel = "N",
            description = "Connections one address may open at once before --ip-connect-rate applies "
                    + "(default: ${DEFAULT-VALUE}).")
    int ipConnectBurst;

    @Option(names = "--handshake-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Close a connection whose upgrade request is not whole this long after it opened (slow or "
                    + "half-open upgrades), with 408 (default: ${DEFAULT-VALUE}; --login-timeout, if shorter, comes "
                    + "first).")
    Duration handshakeTimeout;

    @Option(names = "--max-header-size", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Longest request line, and largest header block, of a request on the client port; past it "
                    + "414 or 431, and the connection closes (default: ${DEFAULT-VALUE}).")
    int maxHeaderSize;

    @Option(names = "--allowed-origins", paramLabel = "ORIGIN", split = ",",
            description = "Origins a browser may open a WebSocket from (its Origin header), comma-separated or "
                    + "repeated: https://app.example.com, http://localhost:3000, https://*.example.com (any "
                    + "subdomain), null; others get 403. Clients that send no Origin (not browsers) are let in "
                    + "(default: any origin).")
    List<String> allowedOrigins;
    @Mixin
    CapacityOptions capacity;

    @Mixin
    TlsOptions tls;

    @Override
    public Integer call() throws InterruptedException {
        GatewayServer server;
        try {
            server = GatewayServer.create(config());
        } catch (InvalidConfigException e) {
            // A certificate, key or trust file that is not what it should be: named, before anything starts.
            throw new ParameterException(spec.commandLine(), InvalidFlags.describe(spec, e));
        }
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
        // SIGTERM drains (clients leave over the drain period, nothing is lost), then exits; SIGINT stops at once.
        Signals.onTerm(server::drain);
        // SIGHUP reloads the certificates (the JVM would otherwise stop on it).
        Signals.onHup(server::reloadTls);
        server.drained().thenRun(stopped::countDown);
        stopped.await();
        return 0;
    }

    private GatewayConfig config() {
        try {
            ClusterConfig cluster = ClusterConfig.builder()
                    .redis(redis).redisPrefix(redisPrefix).clusterSecret(clusterSecret)
                    .nodeTtl(nodeTtl).relayTimeout(relayTimeout).dedupeWindow(dedupeWindow).dedupeMaxIds(dedupeMaxIds)
                    .historySize(historySize).historyTtl(historyTtl).historyMemoryBytes(historyMemory)
                    .build();
            UpstreamConfig upstreamConfig = UpstreamConfig.builder()
                    .upstream(upstream)
                    .upstreamRoutes(upstreamRoute == null ? null
                            : upstreamRoute.stream().map(UpstreamConfig.Route::parse).toList())
                    .upstreamSecret(upstreamSecret).upstreamTimeout(upstreamTimeout).upstreamInflight(upstreamInflight)
                    .authUpstream(authUpstream)
                    .build();
            ClientLimits clientLimits = ClientLimits.builder()
                    .commandRate(commandRate).ipConnectRate(ipConnectRate).ipConnectBurst(ipConnectBurst)
                    .handshakeTimeout(handshakeTimeout).maxHeaderSizeBytes(maxHeaderSize).allowedOrigins(allowedOrigins)
                    .build();
            JwtConfig jwt = JwtConfig.builder()
                    .jwtPublicKey(jwtPublicKey).jwks(jwks).jwksMinRefresh(jwksMinRefresh)
                    .jwtLeeway(jwtLeeway).jwtAudience(jwtAudience).jwtIssuer(jwtIssuer)
                    .build();
            return GatewayConfig.builder()
                    .host(host).port(port).apiHost(apiHost).apiPort(apiPort)
                    .nodeId(nodeId).secret(secret).apiKeys(apiKey)
                    .pingInterval(pingInterval).idleTimeout(idleTimeout).loginTimeout(loginTimeout)
                    .maxFrameBytes(maxFrame).maxBodyBytes(maxBody).sendBufferBytes(sendBuffer)
                    .maxConnections(maxConnections).maxPendingLogins(maxPendingLogins).advertise(advertise).events(events).drainPeriod(drainPeriod).warmupLogins(warmupLogins)
                    .cluster(cluster).upstream(upstreamConfig).clientLimits(clientLimits)
                    .capacity(capacity.config())
                    .tls(tls.config()).jwt(jwt)
                    .apiLimits(ApiLimits.builder().apiInflight(apiInflight).apiLinger(apiLinger).build())
                    .build();
        } catch (InvalidConfigException e) {
            throw new ParameterException(spec.commandLine(), InvalidFlags.describe(spec, e));
        }
    }
}
