package io.herald.route.redis;

import io.herald.route.NodeInfo;
import io.herald.route.NodeRegistry;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The live nodes of the cluster. Each node registers itself with an expiry and keeps renewing it; a node that
 * stops renewing drops out within the TTL. One script renews this node, sweeps out the expired and reads the
 * live ones, so every heartbeat also refreshes this node's view of who is alive ({@link #isAlive}), which the
 * route registry and the router read without a round trip. Stages complete on the Redis pool.
 */
public final class RedisNodeRegistry implements NodeRegistry {

    /**
     * Renews this node, sweeps out the expired and reads the live nodes, after a flag: whether this node was
     * missing or expired before this renewal. A node that had dropped out (paused past its TTL, or marked dead
     * by another node) may have had its routes deleted by readers meanwhile, and must register them again.
     */
    private static final String HEARTBEAT = String.join("\n",
            "local now = tonumber(ARGV[1])",
            "local before = redis.call('ZSCORE', KEYS[1], ARGV[3])",
            "local rejoined = (not before or tonumber(before) <= now) and '1' or '0'",
            "redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])",
            "redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])",
            "local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)",
            "if #dead > 0 then",
            "  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)",
            "  redis.call('HDEL', KEYS[2], unpack(dead))",
            "end",
            readAliveBody("rejoined"));

    private static final String READ_ALIVE = "local now = tonumber(ARGV[1])\n" + readAliveBody("");

    private static final String LEAVE = "redis.call('ZREM', KEYS[1], ARGV[1]) return redis.call('HDEL', KEYS[2], ARGV[1])";

    /** Returns {@code first} (if any) then each live node's id and info. */
    private static String readAliveBody(String first) {
        return String.join("\n",
                "local alive = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')",
                "local out = {" + first + "}",
                "for i, id in ipairs(alive) do",
                "  out[#out + 1] = id",
                "  out[#out + 1] = redis.call('HGET', KEYS[2], id) or ''",
                "end",
                "return out");
    }

    private final RedisExecutor redis;
    private final RedisKeys keys;
    private final String selfId;
    private final long ttlMillis;
    private final LongSupplier clock;
    private volatile Map<String, NodeInfo> alive = Map.of();
    private final Map<String, Boolean> markedDead = new ConcurrentHashMap<>();

    public RedisNodeRegistry(RedisExecutor redis, String keyPrefix, String selfId, Duration ttl) {
        this(redis, keyPrefix, selfId, ttl, System::currentTimeMillis);
    }

    RedisNodeRegistry(RedisExecutor redis, String keyPrefix, String selfId, Duration ttl, LongSupplier clock) {
        this.redis = redis;
        this.keys = new RedisKeys(keyPrefix);
        this.selfId = selfId;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    @Override
    public CompletionStage<Heartbeat> heartbeat(NodeInfo self) {
        return redis.call(j -> {
            List<?> reply = (List<?>) j.eval(HEARTBEAT, List.of(keys.aliveNodes(), keys.nodeInfo()),
                    List.of(Long.toString(clock.getAsLong()), Long.toString(ttlMillis), self.id(),
                            self.address() + "\t" + self.connections()));
            boolean rejoined = "1".equals(String.valueOf(reply.get(0)));
            return new Heartbeat(remember(parse(reply.subList(1, reply.size()))), rejoined);
        });
    }

    @Override
    public CompletionStage<List<NodeInfo>> nodes() {
        return redis.call(this::readAlive);
    }

    private List<NodeInfo> readAlive(UnifiedJedis j) {
        return remember(parse(j.eval(READ_ALIVE, List.of(keys.aliveNodes(), keys.nodeInfo()),
                List.of(Long.toString(clock.getAsLong())))));
    }

    /**
     * Whether a node is alive, for a caller that already runs on the Redis pool with {@code j}. Where the last
     * heartbeat's view does not know the node, it may have joined since: the live nodes are read again (and
     * the view refreshed) before it is declared dead, so that no reader drops the routes of a node that has
     * just started, or that came back after Redis did.
     */
    public boolean isAliveNow(UnifiedJedis j, String nodeId) {
        if (isAlive(nodeId)) {
            return true;
        }
        if (markedDead.containsKey(nodeId)) {
            // It refused a relay; reading Redis before its removal there is done would bring it back.
            return false;
        }
        readAlive(j);
        return alive.containsKey(nodeId);
    }

    @Override
    public CompletionStage<Void> leave() {
        return redis.call(j -> {
            j.eval(LEAVE, List.of(keys.aliveNodes(), keys.nodeInfo()), List.of(selfId));
            return null;
        });
    }

    @Override
    public CompletionStage<Void> markDead(String nodeId) {
        if (nodeId.equals(selfId) || markedDead.putIfAbsent(nodeId, Boolean.TRUE) != null) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, NodeInfo> without = new HashMap<>(alive);
        without.remove(nodeId);
        alive = Map.copyOf(without);
        return redis.call(j -> {
            j.eval(LEAVE, List.of(keys.aliveNodes(), keys.nodeInfo()), List.of(nodeId));
            return (Void) null;
        }).whenComplete((r, e) -> markedDead.remove(nodeId));
    }

    @Override
    public boolean isAlive(String nodeId) {
        return selfId.equals(nodeId) || alive.containsKey(nodeId);
    }

    @Override
    public Map<String, NodeInfo> aliveNodes() {
        return alive;
    }

    private List<NodeInfo> remember(List<NodeInfo> nodes) {
        Map<String, NodeInfo> byId = new HashMap<>();
        for (NodeInfo node : nodes) {
            byId.put(node.id(), node);
        }
        alive = Map.copyOf(byId);
        return nodes;
    }

    private static List<NodeInfo> parse(Object reply) {
        List<?> flat = (List<?>) reply;
        List<NodeInfo> nodes = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String id = String.valueOf(flat.get(i));
            String info = String.valueOf(flat.get(i + 1));
            int tab = info.lastIndexOf('\t');
            String address = tab < 0 ? info : info.substring(0, tab);
            int connections = 0;
            try {
                connections = tab < 0 ? 0 : Integer.parseInt(info.substring(tab + 1));
            } catch (NumberFormatException e) {
                // A node that wrote something else counts with no connections.
            }
            nodes.add(new NodeInfo(id, address, connections));
        }
        return nodes;
    }
}
