package io.herald.route.redis;

import io.herald.route.ConnectionLimit;
import io.herald.route.ConnectionRoute;
import io.herald.route.Registration;
import io.herald.route.RouteRegistry;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Routes and group membership in Redis. A user's routes are one hash, connection id to
 * {@code node TAB device}, whose TTL the holding nodes refresh; a route whose node is no longer alive does not
 * count, and is deleted (compare-and-delete) by whoever reads it. Stages complete on the Redis pool.
 *
 * <p>The routes a push reads ({@link #connections(Collection)}) go on the node's shared pipeline
 * ({@link Pipeliner}), beside the other pushes' dedupe checks and stream accepts: one round trip carries every push
 * in flight, not one each. Their nodes are checked against the node registry's last view; only a route whose node
 * that view does not know (one that joined since, or died) costs a call of its own, which asks Redis and deletes
 * the dead ones. Nothing is cached: each push reads its routes after its stream accept (see
 * {@code RelayingRouter}), so a login that registered before that read is found.
 */
public final class RedisRouteRegistry implements RouteRegistry {

    /** Adds a route and renews the user's TTL in one round trip. */
    private static final String ADD = "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[3]) return 1";

    /** Deletes a route only while it still holds the value the caller registered. */
    private static final String COMPARE_AND_DELETE = "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then "
            + "return redis.call('HDEL', KEYS[1], ARGV[1]) else return 0 end";

    /**
     * Adds a route within the user's limit: counts the user's routes on live nodes (ARGV[6..]; none given: every
     * route counts) but the one added, and where one more would pass the limit refuses (ARGV[5] 0: returns {0}) or
     * takes out the oldest (by KEYS[2], the logins' order; a connection with no place there, registered again after
     * Redis was lost, counts as older than any), returning {1, conn, value, …} of those taken out. The order set
     * forgets connections whose route is gone on the way, and lives as long as the routes. ARGV: conn, value, ttl,
     * max, replace (0/1), live node ids.
     */
    private static final String ADD_LIMITED = String.join("\n",
            "local alive = {}",
            "for i = 6, #ARGV do alive[ARGV[i]] = true end",
            "local anyNode = #ARGV < 6",
            "local fields = redis.call('HGETALL', KEYS[1])",
            "local live = {}",
            "for i = 1, #fields, 2 do",
            "  local node = string.match(fields[i + 1], '^[^\t]*')",
            "  if fields[i] ~= ARGV[1] and (anyNode or alive[node]) then",
            "    local at = redis.call('ZSCORE', KEYS[2], fields[i])",
            "    live[#live + 1] = {fields[i], fields[i + 1], tonumber(at or '0')}",
            "  end",
            "end",
            "local over = #live + 1 - tonumber(ARGV[4])",
            "local out = {1}",
            "if over > 0 then",
            "  if ARGV[5] == '0' then return {0} end",
            "  table.sort(live, function(a, b) if a[3] ~= b[3] then return a[3] < b[3] end return a[1] < b[1] end)",
            "  for i = 1, over do",
            "    redis.call('HDEL', KEYS[1], live[i][1])",
            "    out[#out + 1] = live[i][1]",
            "    out[#out + 1] = live[i][2]",
            "  end",
            "end",
            "local now = redis.call('TIME')",
            "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])",
            "redis.call('ZADD', KEYS[2], now[1] .. string.format('%06d', tonumber(now[2])), ARGV[1])",
            "local order = redis.call('ZRANGE', KEYS[2], 0, -1)",
            "for i = 1, #order do",
            "  if redis.call('HEXISTS', KEYS[1], order[i]) == 0 then redis.call('ZREM', KEYS[2], order[i]) end",
            "end",
            "redis.call('PEXPIRE', KEYS[1], ARGV[3])",
            "redis.call('PEXPIRE', KEYS[2], ARGV[3])",
            "return out");

    private static final int BATCH = 500;

    /** Whether a node counts as alive; called on the Redis pool, with the client of the call it is part of. */
    @FunctionalInterface
    public interface NodeLiveness {
        boolean isAlive(UnifiedJedis j, String nodeId);
    }

    private final RedisExecutor redis;
    private final Pipeliner pipeliner;
    private final RedisKeys keys;
    private final Predicate<String> knownAlive;
    private final NodeLiveness aliveNode;
    /** The ids of the nodes alive in the last view, for the limit's count; empty: every route counts. */
    private final Supplier<Collection<String>> liveNodes;
    private final String ttlMillis;
    /** Routes whose removal failed (Redis down); removed again when Redis is back, so none lingers. */
    private final Queue<ConnectionRoute> unremoved = new ConcurrentLinkedQueue<>();

    /**
     * @param aliveNode whether a node counts as alive now (the node registry's last view)
     * @param routeTtl  how long a user's routes live without a refresh
     */
    public RedisRouteRegistry(RedisExecutor redis, String keyPrefix, Predicate<String> aliveNode, Duration routeTtl) {
        this(redis, new Pipeliner(redis), keyPrefix, aliveNode, (j, nodeId) -> aliveNode.test(nodeId), List::of,
                routeTtl);
    }

    /**
     * @param pipeliner  the node's shared pipeline, for the routes pushes read
     * @param knownAlive whether the node registry's last view has a node alive, read without a round trip
     * @param aliveNode  whether a node counts as alive now, for one {@code knownAlive} does not know; may ask Redis
     *                   ({@link RedisNodeRegistry#isAliveNow})
     * @param liveNodes  the ids of the nodes alive in the node registry's last view, whose routes count towards a
     *                   user's limit (with the registering node's own)
     * @param routeTtl   how long a user's routes live without a refresh
     */
    RedisRouteRegistry(RedisExecutor redis, Pipeliner pipeliner, String keyPrefix, Predicate<String> knownAlive,
                       NodeLiveness aliveNode, Supplier<Collection<String>> liveNodes, Duration routeTtl) {
        this.redis = redis;
        this.pipeliner = pipeliner;
        this.keys = new RedisKeys(keyPrefix);
        this.knownAlive = knownAlive;
        this.aliveNode = aliveNode;
        this.liveNodes = liveNodes;
        this.ttlMillis = Long.toString(routeTtl.toMillis());
    }

    static String value(ConnectionRoute route) {
        return route.node() + "\t" + (route.device() == null ? "" : route.device());
    }

    static ConnectionRoute route(String uid, String conn, String value) {
        int tab = value.indexOf('\t');
        String node = tab < 0 ? value : value.substring(0, tab);
        String device = tab < 0 || tab == value.length() - 1 ? null : value.substring(tab + 1);
        return new ConnectionRoute(uid, conn, node, device);
    }

    @Override
    public CompletionStage<Void> add(ConnectionRoute route) {
        return redis.call(j -> {
            j.eval(ADD, List.of(keys.userConnections(route.uid())), List.of(route.conn(), value(route), ttlMillis));
            return null;
        });
    }

    /**
     * One script: the count, the refusal or the routes taken out, and the add, atomic on the user's keys (one hash
     * tag), so two nodes registering the user's last place at once are served one after the other.
     */
    @Override
    public CompletionStage<Registration> add(ConnectionRoute route, ConnectionLimit limit) {
        if (!limit.limits()) {
            return add(route).thenApply(v -> Registration.ADMITTED);
        }
        List<String> args = new ArrayList<>();
        args.add(route.conn());
        args.add(value(route));
        args.add(ttlMillis);
        args.add(Integer.toString(limit.max()));
        args.add(limit.policy() == ConnectionLimit.Policy.REPLACE ? "1" : "0");
        Collection<String> live = liveNodes.get();
        if (!live.isEmpty()) {
            args.addAll(live);
            if (!live.contains(route.node())) {
                args.add(route.node());
            }
        }
        List<String> keyList = List.of(keys.userConnections(route.uid()), keys.userConnectionOrder(route.uid()));
        return redis.call(j -> {
            List<?> reply = (List<?>) j.eval(ADD_LIMITED, keyList, args);
            if (!Long.valueOf(1).equals(reply.get(0))) {
                return Registration.REFUSED;
            }
            List<ConnectionRoute> replaced = new ArrayList<>();
            for (int i = 1; i + 1 < reply.size(); i += 2) {
                replaced.add(route(route.uid(), String.valueOf(reply.get(i)), String.valueOf(reply.get(i + 1))));
            }
            return replaced.isEmpty() ? Registration.ADMITTED : new Registration(true, replaced);
        });
    }

    @Override
    public CompletionStage<Void> addAll(List<ConnectionRoute> routes) {
        return redis.call(j -> {
            for (int from = 0; from < routes.size(); from += BATCH) {
                try (AbstractPipeline p = j.pipelined()) {
                    for (ConnectionRoute route : routes.subList(from, Math.min(routes.size(), from + BATCH))) {
                        String key = keys.userConnections(route.uid());
                        p.hset(key, route.conn(), value(route));
                        p.pexpire(key, Long.parseLong(ttlMillis));
                    }
                    p.sync();
                }
            }
            return null;
        });
    }

    @Override
    public CompletionStage<Void> refresh(Collection<String> uids) {
        List<String> users = new ArrayList<>(uids);
        return redis.call(j -> {
            for (int from = 0; from < users.size(); from += BATCH) {
                try (AbstractPipeline p = j.pipelined()) {
                    for (String uid : users.subList(from, Math.min(users.size(), from + BATCH))) {
                        p.pexpire(keys.userConnections(uid), Long.parseLong(ttlMillis));
                    }
                    p.sync();
                }
            }
            return null;
        });
    }

    @Override
    public CompletionStage<Boolean> remove(ConnectionRoute route) {
        return redis.call(j -> compareAndDelete(j, route)).whenComplete((removed, e) -> {
            if (e != null) {
                unremoved.add(route);
            }
        });
    }

    @Override
    public CompletionStage<Void> retryRemovals() {
        List<ConnectionRoute> routes = new ArrayList<>();
        ConnectionRoute route;
        while ((route = unremoved.poll()) != null) {
            routes.add(route);
        }
        if (routes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return redis.call(j -> {
            routes.forEach(r -> compareAndDelete(j, r));
            return (Void) null;
        }).whenComplete((v, e) -> {
            if (e != null) {
                unremoved.addAll(routes);
            }
        });
    }

    private boolean compareAndDelete(UnifiedJedis j, ConnectionRoute route) {
        Object removed = j.eval(COMPARE_AND_DELETE, List.of(keys.userConnections(route.uid())),
                List.of(route.conn(), value(route)));
        return Long.valueOf(1).equals(removed);
    }

    @Override
    public CompletionStage<List<ConnectionRoute>> connections(String uid) {
        return redis.call(j -> alive(j, uid, j.hgetAll(keys.userConnections(uid))));
    }

    @Override
    public CompletionStage<Map<String, List<ConnectionRoute>>> connections(Collection<String> uids) {
        RoutesRead read = new RoutesRead(List.copyOf(uids));
        pipeliner.submit(read);
        return read.result;
    }

    /** Several users' routes, read on the shared pipeline; see the class documentation. */
    private final class RoutesRead implements Pipeliner.Job {
        private final List<String> uids;
        private final List<Response<Map<String, String>>> replies;
        final CompletableFuture<Map<String, List<ConnectionRoute>>> result = new CompletableFuture<>();

        RoutesRead(List<String> uids) {
            this.uids = uids;
            this.replies = new ArrayList<>(uids.size());
        }

        @Override
        public void queue(AbstractPipeline pipeline) {
            replies.clear();
            for (String uid : uids) {
                replies.add(pipeline.hgetAll(keys.userConnections(uid)));
            }
        }

        @Override
        public void answered() {
            Map<String, List<ConnectionRoute>> routes = new LinkedHashMap<>();
            Map<String, Map<String, String>> unknown = null;
            try {
                for (int i = 0; i < uids.size(); i++) {
                    String uid = uids.get(i);
                    Map<String, String> fields = replies.get(i).get();
                    List<ConnectionRoute> userRoutes = new ArrayList<>(fields.size());
                    for (Map.Entry<String, String> field : fields.entrySet()) {
                        ConnectionRoute route = route(uid, field.getKey(), field.getValue());
                        if (!knownAlive.test(route.node())) {
                            userRoutes = null;
                            break;
                        }
                        userRoutes.add(route);
                    }
                    if (userRoutes == null) {
                        unknown = unknown == null ? new LinkedHashMap<>() : unknown;
                        unknown.put(uid, fields);
                    }
                    routes.put(uid, userRoutes);
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            if (unknown == null) {
                result.complete(routes);
                return;
            }
            // A node the last view does not know: asked about, and its routes deleted where it is dead.
            Map<String, Map<String, String>> toCheck = unknown;
            redis.call(j -> {
                toCheck.forEach((uid, fields) -> routes.put(uid, alive(j, uid, fields)));
                return routes;
            }).whenComplete((checked, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(checked);
                }
            });
        }

        @Override
        public void failed(Throwable cause) {
            result.completeExceptionally(cause);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** The routes whose node is alive; the others are deleted on the way (compare-and-delete). */
    private List<ConnectionRoute> alive(UnifiedJedis j, String uid, Map<String, String> fields) {
        List<ConnectionRoute> routes = new ArrayList<>(fields.size());
        for (Map.Entry<String, String> field : fields.entrySet()) {
            ConnectionRoute route = route(uid, field.getKey(), field.getValue());
            if (aliveNode.isAlive(j, route.node())) {
                routes.add(route);
            } else {
                compareAndDelete(j, route);
            }
        }
        return routes;
    }

    @Override
    public CompletionStage<Boolean> join(String group, String uid) {
        return redis.call(j -> {
            Response<Long> added;
            try (AbstractPipeline p = j.pipelined()) {
                added = p.sadd(keys.groupMembers(group), uid);
                p.sadd(keys.userGroups(uid), group);
                p.sync();
            }
            return added.get() > 0;
        });
    }

    @Override
    public CompletionStage<Boolean> leave(String group, String uid) {
        return redis.call(j -> {
            Response<Long> removed;
            try (AbstractPipeline p = j.pipelined()) {
                removed = p.srem(keys.groupMembers(group), uid);
                p.srem(keys.userGroups(uid), group);
                p.sync();
            }
            return removed.get() > 0;
        });
    }

    @Override
    public CompletionStage<Set<String>> groups(String uid) {
        return redis.call(j -> Set.copyOf(j.smembers(keys.userGroups(uid))));
    }

    @Override
    public CompletionStage<Map<String, Set<String>>> groups(Collection<String> uids) {
        return redis.call(j -> {
            Map<String, Response<Set<String>>> replies = new LinkedHashMap<>();
            try (AbstractPipeline p = j.pipelined()) {
                for (String uid : uids) {
                    replies.put(uid, p.smembers(keys.userGroups(uid)));
                }
                p.sync();
            }
            Map<String, Set<String>> groups = new LinkedHashMap<>();
            replies.forEach((uid, reply) -> groups.put(uid, reply.get()));
            return groups;
        });
    }

    @Override
    public CompletionStage<List<String>> onlineMembers(String group) {
        return redis.call(j -> {
            Set<String> members = j.smembers(keys.groupMembers(group));
            Map<String, Response<List<String>>> replies = new LinkedHashMap<>();
            try (AbstractPipeline p = j.pipelined()) {
                for (String uid : members) {
                    replies.put(uid, p.hvals(keys.userConnections(uid)));
                }
                p.sync();
            }
            List<String> online = new ArrayList<>();
            replies.forEach((uid, reply) -> {
                if (reply.get().stream().anyMatch(value -> aliveNode.isAlive(j, route(uid, "", value).node()))) {
                    online.add(uid);
                }
            });
            return online;
        });
    }
}
