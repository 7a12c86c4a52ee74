package io.herald.gateway;

import io.herald.codec.CommandReader;
import io.herald.codec.Json;
import io.herald.codec.ServerFrames;
import io.herald.gateway.api.ApiChannelInitializer;
import io.herald.gateway.api.ApiRoutes;
import io.herald.gateway.api.BroadcastEndpoint;
import io.herald.gateway.api.GroupMembershipEndpoint;
import io.herald.gateway.api.GroupOnlineEndpoint;
import io.herald.gateway.api.KickEndpoint;
import io.herald.gateway.api.MessageGate;
import io.herald.gateway.api.NodesEndpoint;
import io.herald.gateway.api.OnlineEndpoint;
import io.herald.gateway.api.PushEndpoint;
import io.herald.gateway.api.RelayEndpoint;
import io.herald.gateway.auth.DevelopmentTokenVerifier;
import io.herald.gateway.auth.JwtTokenVerifier;
import io.herald.gateway.auth.TokenVerifier;
import io.herald.gateway.client.ClientChannelInitializer;
import io.herald.gateway.client.ConnectionSlots;
import io.herald.gateway.command.AckAction;
import io.herald.gateway.command.CommandDispatcher;
import io.herald.gateway.command.GroupAction;
import io.herald.gateway.command.HeartbeatAction;
import io.herald.gateway.command.LoginAction;
import io.herald.gateway.command.Replies;
import io.herald.gateway.command.UnknownCommandAction;
import io.herald.gateway.http.HealthCheck;
import io.herald.gateway.session.GatewayNode;
import io.herald.gateway.session.SessionIndex;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.route.ClientTransport;
import io.herald.route.Cluster;
import io.herald.route.UniqueIds;
import io.herald.route.relay.RelayClient;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
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

    /**
     * @param address   where other nodes reach this node's API port, known once it is bound
     * @param transport the event loops and socket type the cluster's clients use
     */
    NodeAssembly(GatewayConfig config, Cluster.Factory clusterFactory, Supplier<String> address,
                 ClientTransport transport, ByteBufAllocator alloc) {
        Json json = new Json();
        ServerFrames frames = new ServerFrames(alloc);
        GatewayNode node = new GatewayNode(config.nodeId(), address, sessions);
        this.cluster = clusterFactory.create(node, transport);
        HealthCheck health = new HealthCheck(config.nodeId(), sessions::size, cluster::degraded);
        SessionLifecycle lifecycle = new SessionLifecycle(config.nodeId(), sessions, cluster);

        Replies replies = new Replies(frames);
        CommandDispatcher dispatcher = new CommandDispatcher(
                new LoginAction(tokenVerifier(config, json), lifecycle, replies, config.nodeId(),
                        config.heartbeatSeconds()),
                new HeartbeatAction(replies),
                new AckAction(),
                new GroupAction(cluster.router(), replies),
                new UnknownCommandAction(replies));
        this.clients = new ClientChannelInitializer(config, new UniqueIds(config.nodeId()), new CommandReader(json),
                frames, new ConnectionSlots(config.maxConnections()), dispatcher, lifecycle, health);

        MessageGate gate = new MessageGate(cluster.deduplicator(), new UniqueIds(config.nodeId()));
        ApiRoutes.Builder routes = ApiRoutes.builder()
                .post("/api/push", new PushEndpoint(cluster.router(), gate))
                .post("/api/broadcast", new BroadcastEndpoint(cluster.router(), gate))
                .post("/api/groups/join", GroupMembershipEndpoint.join(cluster.router()))
                .post("/api/groups/leave", GroupMembershipEndpoint.leave(cluster.router()))
                .get("/api/online", new OnlineEndpoint(cluster.routes()))
                .get("/api/groups/online", new GroupOnlineEndpoint(cluster.routes()))
                .post("/api/kick", new KickEndpoint(cluster.router()))
                .get("/api/nodes", new NodesEndpoint(cluster));
        if (config.cluster().clustered()) {
            routes.post(RelayClient.PATH, new RelayEndpoint(json, node));
        }
        this.api = new ApiChannelInitializer(json, routes.build(), health, config.apiKey(),
                config.cluster().clusterSecret(), config.maxBodyBytes());
    }

    private static TokenVerifier tokenVerifier(GatewayConfig config, Json json) {
        if (!config.developmentMode()) {
            return new JwtTokenVerifier(config.secret().orElseThrow(), Clock.systemUTC(), json.factory());
        }
        log.warn("*****************************************************************************");
        log.warn("* DEVELOPMENT MODE: no --secret is set, so ANY token is accepted for ANY uid *");
        log.warn("* and clients may join any group. Never run a node like this in production.  *");
        log.warn("*****************************************************************************");
        return new DevelopmentTokenVerifier();
    }
}
