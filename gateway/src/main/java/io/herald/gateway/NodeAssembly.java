package io.herald.gateway;

import io.herald.codec.CommandReader;
import io.herald.codec.Json;
import io.herald.codec.ServerFrames;
import io.herald.gateway.api.ApiChannelInitializer;
import io.herald.gateway.api.ApiInflight;
import io.herald.gateway.api.AdminStatsEndpoint;
import io.herald.gateway.api.ApiRoutes;
import io.herald.gateway.api.BroadcastEndpoint;
import io.herald.gateway.api.GroupMembershipEndpoint;
import io.herald.gateway.api.GroupOnlineEndpoint;
import io.herald.gateway.api.KickEndpoint;
import io.herald.gateway.api.DrainEndpoint;
import io.herald.gateway.api.HistoryEndpoint;
import io.herald.gateway.api.Publisher;
import io.herald.gateway.api.NodesEndpoint;
import io.herald.gateway.api.OnlineEndpoint;
import io.herald.gateway.api.PushEndpoint;
import io.herald.gateway.api.RelayEndpoint;
import io.herald.gateway.auth.DevelopmentTokenVerifier;
import io.herald.gateway.auth.JwtTokenVerifier;
import io.herald.gateway.auth.JwtVerifier;
import io.herald.gateway.auth.LoginCheck;
import io.herald.gateway.auth.TokenCheckPool;
import io.herald.gateway.auth.TokenRules;
import io.herald.gateway.auth.TokenVerifier;
import io.herald.gateway.capacity.OutboundBudget;
import io.herald.gateway.client.ClientChannelInitializer;
import io.herald.gateway.client.Admission;
import io.herald.gateway.client.ClientRefusals;
import io.herald.gateway.command.AckAction;
import io.herald.gateway.command.CommandDispatcher;
import io.herald.gateway.command.GroupAction;
import io.herald.gateway.command.HeartbeatAction;
import io.herald.gateway.command.LoginAction;
import io.herald.gateway.command.RefreshAction;
import io.herald.gateway.command.Replies;
import io.herald.gateway.command.CustomAction;
import io.herald.gateway.command.UnknownCommandAction;
import io.herald.gateway.command.UpstreamAction;
import io.herald.gateway.events.EventSink;
import io.herald.gateway.events.Events;
import io.herald.gateway.http.HealthCheck;
import io.herald.gateway.metrics.NodeMetrics;
import io.herald.gateway.session.GatewayNode;
import io.herald.gateway.session.LoopFlusher;
import io.herald.gateway.session.SessionIndex;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.gateway.tls.NodeTls;
import io.herald.gateway.upstream.AuthUpstream;
import io.herald.gateway.upstream.UpstreamClient;
import io.herald.gateway.upstream.UpstreamFailures;
import io.herald.gateway.upstream.UpstreamPushes;
import io.herald.route.ClientTransport;
import io.herald.route.Cluster;
import io.herald.route.UniqueIds;
import io.herald.route.http.HttpClient;
import io.herald.route.relay.RelayClient;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The node's composition root: builds every collaborator once, in dependency order, and hands each what it
 * needs by constructor. Nothing else in the gateway builds a collaborator; the channel initializers only
 * assemble pipelines from what they are given. Built by {@link GatewayServer#start()} on the thread that starts
 * the node.
 */
final class NodeAssembly {

    private static final Logger log = LoggerFactory.getLogger(NodeAssembly.class);

    final SessionIndex sessions = new SessionIndex();
    final Cluster cluster;
    final ClientChannelInitializer clients;
    final ApiChannelInitializer api;
    private final GatewayNode node;
    private final HttpClient http;
    private final Events events;
    /** What went wrong with upstream calls, counted for the node's metrics. */
    final UpstreamFailures upstreamFailures;
    /** The node's metrics, served on {@code GET /metrics}; its own registry. */
    final NodeMetrics metrics = new NodeMetrics();
    /** What the client port refused, counted for the node's metrics. */
    final ClientRefusals clientRefusals = new ClientRefusals();
    /** The bound on the bytes queued for clients that do not read, all of the node's connections together. */
    final OutboundBudget outbound;
    /** The API requests under way, bounded by {@code --api-inflight}, for the node's metrics. */
    final ApiInflight apiInflight;
    /** The upstream's client; {@code null} where no upstream is set. */
    private final UpstreamClient upstream;
    /** How the node verifies tokens; {@code null} where it reads none (development mode). */
    private final TokenVerifier tokens;
    /** Where the tokens too costly for an event loop are checked; {@code null} where the node has no public key. */
    private final TokenCheckPool tokenChecks;

    /**
     * @param address   where other nodes reach this node's API port, known once it is bound
     * @param transport the event loops and socket type the cluster's and the node's HTTP clients use
     * @param draining  whether the node drains, for its health check
     * @param drain     starts draining the node ({@code POST /api/drain})
     * @param tls       the ports' TLS, where they serve it
     */
    NodeAssembly(GatewayConfig config, Cluster.Factory clusterFactory, Supplier<String> address,
                 ClientTransport transport, ByteBufAllocator alloc, BooleanSupplier draining, Runnable drain,
                 NodeTls tls) {
        Json json = new Json();
        ServerFrames frames = new ServerFrames(alloc);
        LongSupplier clock = System::currentTimeMillis;
        this.node = new GatewayNode(config.nodeId(), address, sessions, transport.loops());
        this.cluster = clusterFactory.create(node, transport);
        this.http = new HttpClient(transport, config.cluster().relayTimeout(), config.cluster().relayConnections(),
                64 * 1024);
        this.events = new Events(config.events().map(url -> new EventSink(http, url, Optional.empty(),
                transport.loops().next(), alloc)).orElse(null), config.nodeId(), clock);
        HealthCheck health = new HealthCheck(config.nodeId(), sessions::size, cluster::degraded, draining);
        SessionLifecycle lifecycle = new SessionLifecycle(config.nodeId(), sessions, cluster,
                config.capacity().connectionLimit());

        Publisher publisher = new Publisher(cluster.deduplicator(), new UniqueIds(config.nodeId()), cluster.streams(),
                cluster.router(), clock, metrics.pushes());
        Replies replies = new Replies(frames);
        this.upstreamFailures = new UpstreamFailures(transport.loops().next());
        this.outbound = new OutboundBudget(config.capacity().maxOutboundMemoryBytes());
        this.upstream = config.upstream().anyCalls()
                ? new UpstreamClient(config.upstream(), transport, config.nodeId(), json, config.maxBodyBytes(),
                        UpstreamClient.systemTrust())
                : null;
        CustomAction custom = !config.upstream().enabled() ? new UnknownCommandAction(replies)
                : new UpstreamAction(upstream, new UpstreamPushes(json, publisher, upstreamFailures), upstreamFailures,
                        replies);
        this.tokenChecks = config.jwt().asymmetric() ? new TokenCheckPool() : null;
        this.tokens = tokenVerifier(config, json, tokenChecks);
        CommandDispatcher dispatcher = new CommandDispatcher(
                new LoginAction(loginCheck(config, json), lifecycle, replies, config.nodeId(),
                        config.heartbeatSeconds()),
                new HeartbeatAction(replies),
                new AckAction(cluster.streams(), events),
                new GroupAction(cluster.router(), replies),
                new RefreshAction(tokens, config.upstream().authUpstream().isPresent(), replies),
                custom);
        Admission admission = new Admission(config.maxConnections(), config.maxPendingLogins(),
                config.clientLimits().ipConnectRate(), config.clientLimits().ipConnectBurst(), clientRefusals);
        this.clients = new ClientChannelInitializer(config, new UniqueIds(config.nodeId()), new CommandReader(json),
                frames, new LoopFlusher(outbound), admission, dispatcher, lifecycle, health, events, tls.client());

        this.apiInflight = new ApiInflight(config.apiLimits().apiInflight());
        AdminStatsEndpoint adminStats = new AdminStatsEndpoint(config.nodeId(), sessions::size, metrics.pushes(),
                node::deliveries, each -> lifecycle.closes().forEach(each), cluster, json, clock);
        ApiRoutes.Builder routes = ApiRoutes.builder()
                .post("/api/push", new PushEndpoint(publisher, clock))
                .post("/api/broadcast", new BroadcastEndpoint(publisher))
                .get("/api/history", new HistoryEndpoint(cluster.streams()))
                .post("/api/drain", new DrainEndpoint(drain))
                .post("/api/groups/join", GroupMembershipEndpoint.join(cluster.router()))
                .post("/api/groups/leave", GroupMembershipEndpoint.leave(cluster.router()))
                .get("/api/online", new OnlineEndpoint(cluster.routes()))
                .get("/api/groups/online", new GroupOnlineEndpoint(cluster.routes()))
                .post("/api/kick", new KickEndpoint(cluster.router()))
                .get("/api/nodes", new NodesEndpoint(cluster))
                .get(AdminStatsEndpoint.PATH, adminStats.cluster());
        if (config.cluster().clustered()) {
            routes.post(RelayClient.PATH, new RelayEndpoint(json, node))
                    .post(AdminStatsEndpoint.INTERNAL_PATH, adminStats.internal());
        }
        this.api = new ApiChannelInitializer(json, routes.build(), health, config.apiKeys(),
                config.cluster().clusterSecret(), config.maxBodyBytes(), config.apiLimits(), apiInflight,
                metrics, tls.api());
        watch(admission, lifecycle, config.cluster().clustered());
    }

    /** Registers what the node's parts count, read when {@code /metrics} is scraped. */
    private void watch(Admission admission, SessionLifecycle lifecycle, boolean clustered) {
        // Open connections and logins under way are counted only where they are bounded.
        if (admission.connections().limited()) {
            metrics.gauge("herald_open_connections", "Open client connections, logged in or not (--max-connections)",
                    () -> admission.connections().taken());
        }
        if (admission.logins().limited()) {
            metrics.gauge("herald_pending_logins", "Upgrades whose login is not done yet (--max-pending-logins)",
                    () -> admission.logins().taken());
        }
        metrics.gauge("herald_connections", "Logged-in connections", sessions::size)
                .counter("herald_deliveries_total", "Frames of pushes written to the node's connections",
                        node::deliveries)
                .counter("herald_closes_total", "Logged-in connections that ended, by close code (1006: no close "
                        + "frame)", "code", each -> lifecycle.closes().forEach((code, n) -> each.accept("" + code, n)))
                .counter("herald_relay_ops_total", "Pushes (or their parts) relayed to the nodes that hold their targets",
                        cluster::relayOps)
                .counter("herald_relay_requests_total", "Requests to other nodes that carried the relayed pushes, "
                        + "batched where they queue together", cluster::relayRequests)
                .counter("herald_relay_failures_total", "Relays to other nodes that failed", cluster::relayFailures)
                .gauge("herald_degraded", "1 while the node cannot reach the rest of its cluster (Redis down)",
                        () -> cluster.degraded().isPresent() ? 1 : 0)
                .counter("herald_recoveries_total", "Logins that asked to recover (since), by whether every stream was "
                        + "recovered whole", "result", each -> {
                            each.accept("recovered", lifecycle.recoveries().recovered());
                            each.accept("lost", lifecycle.recoveries().lost());
                        })
                .counter("herald_recovered_pushes_total", "Pushes replayed from the streams' history to logins that "
                        + "asked to recover", () -> lifecycle.recoveries().replayed())
                .counter("herald_stored_pushes_sent_total", "Stored pushes sent to their user's connections at login",
                        () -> lifecycle.recoveries().stored())
                .counter("herald_client_refusals_total", "What the client port refused, by kind", "kind",
                        each -> {
                            for (ClientRefusals.Kind kind : ClientRefusals.Kind.values()) {
                                each.accept(kind.name().toLowerCase(Locale.ROOT), clientRefusals.count(kind));
                            }
                        })
                .gauge("herald_api_inflight", "API requests under way (--api-inflight)", apiInflight::inFlight)
                .counter("herald_api_refusals_total", "API requests refused with 503 past --api-inflight",
                        apiInflight::refused)
                .counter("herald_upstream_failures_total", "Upstream calls that failed, by kind", "kind",
                        each -> {
                            for (UpstreamFailures.Kind kind : UpstreamFailures.Kind.values()) {
                                each.accept(kind.name().toLowerCase(Locale.ROOT), upstreamFailures.count(kind));
                            }
                        })
                .gauge("herald_outbound_held_bytes",
                        "Bytes queued for clients that do not read (--max-outbound-memory)", outbound::heldBytes);
        if (clustered) {
            metrics.counter("herald_redis_calls_total", "Calls to Redis (a pipeline of several pushes' commands "
                            + "counts once)", cluster::storeCalls)
                    .counter("herald_redis_failures_total", "Calls to Redis that failed: unreachable, its queue full, or "
                            + "an error answered", cluster::storeFailures)
                    .gauge("herald_redis_queued", "Calls waiting for a Redis connection", cluster::storeQueued);
        }
    }

    /**
     * The node's periodic housekeeping: reports the stored pushes that expired unacked and asked for receipts, and
     * forgets what it no longer needs. Once a second, on an API loop.
     */
    void housekeeping() {
        node.housekeeping();
        cluster.streams().expired(100).whenComplete((expired, e) -> {
            if (e == null) {
                expired.forEach(x -> events.expired(x.id(), x.uid()));
            }
        });
    }

    /** Waits, at most {@code millis}, until the events reported so far reached the backend. Not on an event loop. */
    void drainEvents(long millis) {
        try {
            events.drained().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("Not every event reached --events before the node stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes what the assembly opened itself, after the cluster. */
    void close() {
        outbound.close();
        http.close();
        if (upstream != null) {
            upstream.close();
        }
        if (tokens instanceof JwtVerifier keyed) {
            keyed.close();
        }
        if (tokenChecks != null) {
            tokenChecks.close();
        }
    }

    /**
     * How logins are checked: with {@code --auth-upstream} the backend decides, after the token where a key is set
     * too; otherwise the token alone (any token without a key).
     */
    private LoginCheck loginCheck(GatewayConfig config, Json json) {
        if (config.upstream().authUpstream().isEmpty()) {
            return LoginCheck.tokens(tokens != null ? tokens : developmentMode());
        }
        return new AuthUpstream(upstream, json, upstreamFailures).after(tokens);
    }

    /**
     * The node's token verifier: HS256 with the secret alone, else by the token's algorithm with the public key or
     * the JWKS (and the secret where set too), whose costly checks run on {@code pool}; {@code null} in development
     * mode.
     */
    private static TokenVerifier tokenVerifier(GatewayConfig config, Json json, TokenCheckPool pool) {
        if (config.developmentMode()) {
            return null;
        }
        TokenRules rules = new TokenRules(config.jwt(), Clock.systemUTC(), json.factory());
        JwtTokenVerifier hs256 = config.secret().map(secret -> new JwtTokenVerifier(secret, json.factory(), rules))
                .orElse(null);
        return config.jwt().asymmetric() ? JwtVerifier.start(config.jwt(), hs256, rules, json.factory(), pool) : hs256;
    }

    private static TokenVerifier developmentMode() {
        log.warn("*****************************************************************************");
        log.warn("* DEVELOPMENT MODE: no --secret, --jwt-public-key or --jwks is set, so ANY   *");
        log.warn("* token is accepted for ANY uid and clients may join any group, for ever.    *");
        log.warn("* Never run a node like this in production.                                  *");
        log.warn("*****************************************************************************");
        return new DevelopmentTokenVerifier();
    }
}
