package io.herald.route.cluster;

import io.herald.codec.Json;
import io.herald.route.ClientTransport;
import io.herald.route.Cluster;
import io.herald.route.ClusterConfig;
import io.herald.route.ClusterStores;
import io.herald.route.ConnectionRoute;
import io.herald.route.Deduplicator;
import io.herald.route.LocalNode;
import io.herald.route.NodeInfo;
import io.herald.route.NodeRegistry;
import io.herald.route.RouteRegistry;
import io.herald.route.Router;
import io.herald.route.StreamStore;
import io.herald.route.relay.RelayClient;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A node's membership of a cluster whose state lives in shared {@link ClusterStores} (Redis, in production).
 * Every heartbeat interval, on a thread of its own, it renews the node's registration, refreshes the view of
 * live nodes, and renews the routes of the node's users. While the stores cannot be reached the node is
 * degraded (its {@code /healthz} says why) but keeps serving its own connections; when they answer again, the
 * node registers every live connection and re-reads its users' groups, without a restart. Pushes to other
 * nodes go through a {@link RelayingRouter} over a {@link RelayClient}.
 */
public final class SharedCluster implements Cluster {

    private static final Logger log = LoggerFactory.getLogger(SharedCluster.class);
    /** Why {@link #recover} runs when a heartbeat finds that this node was no longer registered. */
    private static final String DROPPED_OUT = "dropped out of the cluster";

    private final LocalNode node;
    private final ClusterConfig config;
    private final ClusterStores stores;
    private final NodeRegistry nodes;
    private final RouteRegistry routes;
    private final RelayClient relay;
    private final RelayingRouter router;
    private final ScheduledExecutorService heartbeats;
    private final Map<String, Boolean> failingRelays = new ConcurrentHashMap<>();
    private final AtomicLong relayFailures = new AtomicLong();
    private volatile String degraded = "not registered yet";
    private volatile CompletionStage<Void> lastBeat = CompletableFuture.completedFuture(null);

    private SharedCluster(LocalNode node, ClientTransport transport, ClusterConfig config, ClusterStores stores,
                          Optional<SslContext> relayTls) {
        this.node = node;
        this.config = config;
        this.stores = stores;
        this.nodes = stores.nodes();
        this.routes = stores.routes();
        this.relay = new RelayClient(transport, new Json(), config.clusterSecret().orElseThrow(),
                config.relayTimeout(), config.relayConnections(), new RelayOutcomes(), relayTls);
        this.router = new RelayingRouter(node, routes, nodes, relay, stores.acceptedRoutes());
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-cluster-" + node.id());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Builds the cluster of a node whose relays reach plain {@code host:port} nodes only; {@link #start()} joins it.
     *
     * @param stores makes the node's stores, given its id; the cluster closes them
     */
    public static Cluster.Factory factory(ClusterConfig config, Function<String, ClusterStores> stores) {
        return (node, transport) -> new SharedCluster(node, transport, config, stores.apply(node.id()),
                Optional.empty());
    }

    /**
     * Builds the cluster of a node; {@link #start()} joins it.
     *
     * @param stores   makes the node's stores, given its id; the cluster closes them
     * @param relayTls whom the certificates of nodes that advertise {@code https://host:port} must be signed by;
     *                 empty where the node relays to plain {@code host:port} nodes only
     */
    public static Cluster.Factory factory(ClusterConfig config, Function<String, ClusterStores> stores,
                                          Optional<SslContext> relayTls) {
        return (node, transport) -> new SharedCluster(node, transport, config, stores.apply(node.id()), relayTls);
    }

    /**
     * Registers the node before returning (so that a node that starts with its stores up is routable at
     * once), then keeps it registered. Where they are down, returns degraded after at most the node TTL and keeps trying.
     */
    @Override
    public void start() {
        try {
            heartbeat().toCompletableFuture().get(config.nodeTtl().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Already logged and marked degraded; the heartbeats keep trying.
        } finally {
            long every = config.heartbeatInterval().toMillis();
            heartbeats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** One scheduled heartbeat; remembered so that {@link #close()} can let it finish before leaving. */
    private void beat() {
        lastBeat = heartbeat();
    }

    private CompletionStage<Void> heartbeat() {
        NodeInfo self = new NodeInfo(node.id(), node.address(), node.connectionCount());
        return nodes.heartbeat(self)
                .thenCompose(beat -> {
                    String was = degraded;
                    degraded = null;
                    if (was != null) {
                        return recover(was);
                    }
                    if (beat.rejoined()) {
                        // Paused or unreachable past the TTL, or marked dead: readers may have deleted our routes.
                        return recover(DROPPED_OUT);
                    }
                    return routes.refresh(node.localUsers());
                })
                .whenComplete((v, e) -> {
                    if (e != null) {
                        String reason = stores.name() + " unavailable: " + rootCause(e);
                        if (degraded == null || "not registered yet".equals(degraded)) {
                            log.warn("Node {} lost {}; serving local connections only: {}", node.id(),
                                    stores.name(), reason);
                        }
                        degraded = reason;
                    }
                });
    }

    /** Registers every live connection again and re-reads the local users' groups. */
    private CompletionStage<Void> recover(String reason) {
        List<ConnectionRoute> local = node.localRoutes();
        Collection<String> users = node.localUsers();
        return routes.retryRemovals()
                .thenCompose(v -> routes.addAll(local))
                .thenCompose(v -> routes.groups(users))
                .thenAccept(groups -> {
                    groups.forEach((uid, joined) -> joined.forEach(group -> node.joinLocal(group, uid)));
                    if (DROPPED_OUT.equals(reason)) {
                        log.warn("Node {} had dropped out of the cluster; registered {} connections of {} users "
                                + "again", node.id(), local.size(), users.size());
                    } else if (!"not registered yet".equals(reason)) {
                        log.info("Node {} reached {} again; registered {} connections of {} users", node.id(),
                                stores.name(), local.size(), users.size());
                    }
                });
    }

    private static String rootCause(Throwable e) {
        Throwable cause = root(e);
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static Throwable root(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public RouteRegistry routes() {
        return routes;
    }

    @Override
    public Deduplicator deduplicator() {
        return stores.deduplicator();
    }

    @Override
    public StreamStore streams() {
        return stores.streams();
    }

    @Override
    public Router router() {
        return router;
    }

    @Override
    public CompletionStage<List<NodeInfo>> nodes() {
        return nodes.nodes();
    }

    @Override
    public Optional<String> degraded() {
        return Optional.ofNullable(degraded);
    }

    /** Leaves the cluster at once (others stop routing here), then stops. Waits briefly on the calling thread. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
        try {
            // A heartbeat still in flight would register the node again after it left.
            lastBeat.toCompletableFuture().get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("A last heartbeat did not finish: {}", e.toString());
        }
        try {
            nodes.leave().toCompletableFuture().get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Could not leave the cluster cleanly: {}", e.toString());
        }
        relay.close();
        stores.close();
    }

    /** Marks a node that refuses connections dead at once, and logs relay failures once per outage. */
    private final class RelayOutcomes implements RelayClient.Listener {
        @Override
        public void failed(String address, Throwable cause) {
            relayFailures.incrementAndGet();
            Throwable root = root(cause);
            if (root instanceof ConnectException) {
                nodes.aliveNodes().values().stream()
                        .filter(info -> info.address().equals(address))
                        .forEach(info -> nodes.markDead(info.id()));
            }
            if (failingRelays.putIfAbsent(address, Boolean.TRUE) == null) {
                log.warn("Relay to {} failed: {}", address, root.toString());
            }
        }

        @Override
        public void succeeded(String address) {
            if (failingRelays.remove(address) != null) {
                log.info("Relay to {} works again", address);
            }
        }
    }

    @Override
    public long relayOps() {
        return relay.ops();
    }

    @Override
    public long relayRequests() {
        return relay.requests();
    }

    @Override
    public long storeCalls() {
        return stores.calls();
    }

    @Override
    public long storeFailures() {
        return stores.failures();
    }

    @Override
    public int storeQueued() {
        return stores.queued();
    }

    @Override
    public CompletionStage<byte[]> ask(String address, String path) {
        return relay.ask(address, path);
    }

    @Override
    public long relayFailures() {
        return relayFailures.get();
    }
}
