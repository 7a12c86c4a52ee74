package io.herald.route.redis;

import io.herald.codec.PushMessage;
import io.herald.codec.StreamPosition;
import io.herald.route.ClusterConfig;
import io.herald.route.ConnectionRoute;
import io.herald.route.StreamStore;
import io.netty.buffer.ByteBufAllocator;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Streams and stored pushes in Redis, for every node of a cluster. Each operation on a stream is one Lua script
 * over that stream's keys (one hash tag), so that taking the next seq, writing the push into the history and,
 * for a push with a ttl, storing it for its user are one atomic step: seqs never repeat or leave gaps, however
 * many nodes accept pushes at once. The frame is built inside the script from the head and tail the node
 * encoded around the seq ({@link PushMessage#seqHead()}), so the history holds the very bytes the node sends.
 * Scripts from many callers share round trips ({@link Pipeliner}).
 *
 * <h2>Keys</h2>
 * See {@link RedisKeys}: a stream's hash ({@code epoch}, {@code seq}, and for a user's stream the
 * {@code stored} counter that orders its stored pushes) lives {@link ClusterConfig#STREAM_TTL} after its last
 * use; its history, a sorted set scored by seq whose members are {@code acceptedAt:idLength:id frame}, lives
 * {@code historyTtl} after its last push and is cut to {@code historySize}. A stream whose hash is gone gets a
 * new epoch, and its old history goes with it.
 */
final class RedisStreamStore implements StreamStore {

    /** Extends a key's expiry to at least {@code ms}, never shortens it. */
    private static final String EXTEND = "local function extend(key, ms) "
            + "if redis.call('PTTL', key) < tonumber(ms) then redis.call('PEXPIRE', key, ms) end end\n";

    /** The stream's epoch, made from the candidate where there is none; leaves {@code epoch} set. */
    private static final String EPOCH = String.join("\n",
            "local epoch = redis.call('HGET', KEYS[1], 'epoch')",
            "if not epoch then",
            "  epoch = ARGV[1]",
            "  redis.call('HSET', KEYS[1], 'epoch', epoch, 'seq', 0)",
            "  redis.call('DEL', KEYS[2])",
            "end\n");

    /**
     * KEYS: stream hash, history, stored order, stored frames (those two only for a stored push), and last the
     * user's routes where they are read. ARGV: epoch candidate, head, tail, now, history size (0: on no stream),
     * history ttl, stream ttl, id, expiresAt (0: not stored), receipt (0/1), read the routes (0/1).
     * Returns {epoch, seq} ({'', 0} on no stream), then the user's routes, connection and value in turn, where read.
     */
    private static final byte[] ACCEPT = script(EXTEND, String.join("\n",
            "local seq, frame, out = 0, ARGV[2] .. ARGV[3], {'', 0}",
            "local size = tonumber(ARGV[5])",
            "if size > 0 then",
            EPOCH,
            "  seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)",
            "  extend(KEYS[1], ARGV[7])",
            "  frame = ARGV[2] .. seq .. ARGV[3]",
            "  redis.call('ZADD', KEYS[2], seq, ARGV[4] .. ':' .. string.len(ARGV[8]) .. ':' .. ARGV[8] .. frame)",
            "  local n = redis.call('ZCARD', KEYS[2])",
            "  if n > size then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - size - 1) end",
            "  redis.call('PEXPIRE', KEYS[2], ARGV[6])",
            "  out = {epoch, seq}",
            "end",
            "local expires = tonumber(ARGV[9])",
            "if expires > 0 then",
            "  local order = redis.call('HINCRBY', KEYS[1], 'stored', 1)",
            "  redis.call('ZADD', KEYS[3], order, ARGV[8])",
            "  redis.call('HSET', KEYS[4], ARGV[8], ARGV[9] .. ':' .. ARGV[10] .. ':' .. seq .. ':' .. frame)",
            "  local left = expires - tonumber(ARGV[4])",
            "  extend(KEYS[1], left)",
            "  extend(KEYS[3], left)",
            "  extend(KEYS[4], left)",
            "end",
            "if ARGV[11] == '1' then",
            "  local routes = redis.call('HGETALL', KEYS[#KEYS])",
            "  for i = 1, #routes do out[#out + 1] = routes[i] end",
            "end",
            "return out"));

    private static final String USER_STREAM_PREFIX = PushMessage.userStream("");
    private static final byte[] ZERO = {'0'};
    private static final byte[] ONE = {'1'};

    /** The SHA-1 of {@link #ACCEPT}, hex, as {@code EVALSHA} names it. */
    private static final byte[] ACCEPT_SHA = sha1Hex(ACCEPT);

    /** KEYS: stream hash, history. ARGV: epoch candidate, stream ttl. Returns {epoch, seq}. */
    private static final byte[] POSITION = script(EXTEND, EPOCH + String.join("\n",
            "extend(KEYS[1], ARGV[2])",
            "return {epoch, tonumber(redis.call('HGET', KEYS[1], 'seq'))}"));

    /**
     * KEYS: stream hash, history. ARGV: epoch candidate, stream ttl, since epoch ('' for any), since seq, now,
     * history ttl, limit. Returns {epoch, seq, complete (0/1), member, seq, member, seq...}: up to limit pushes of
     * the history after since seq, each member without its acceptedAt, none where the epoch differs; complete
     * where the history still reaches back to since seq.
     */
    private static final byte[] REPLAY = script(EXTEND, EPOCH + String.join("\n",
            "extend(KEYS[1], ARGV[2])",
            "local seq = tonumber(redis.call('HGET', KEYS[1], 'seq'))",
            "local since = tonumber(ARGV[4])",
            "local out = {epoch, seq, 0}",
            "if (ARGV[3] ~= '' and epoch ~= ARGV[3]) or since > seq then return out end",
            "local oldest = tonumber(ARGV[5]) - tonumber(ARGV[6])",
            "local entries = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. since, '+inf', 'WITHSCORES',",
            "  'LIMIT', 0, tonumber(ARGV[7]))",
            "local expect, complete = since + 1, 1",
            "for i = 1, #entries, 2 do",
            "  local member = entries[i]",
            "  local colon = string.find(member, ':', 1, true)",
            "  if tonumber(string.sub(member, 1, colon - 1)) > oldest then",
            "    local s = tonumber(entries[i + 1])",
            "    if s ~= expect then complete = 0 end",
            "    out[#out + 1] = string.sub(member, colon + 1)",
            "    out[#out + 1] = s",
            "    expect = s + 1",
            "  else",
            "    complete = 0",
            "  end",
            "end",
            "if #entries == 0 and since < seq then complete = 0 end",
            "out[3] = complete",
            "return out"));

    /**
     * KEYS: stored order, stored frames. ARGV: now. Returns {id, value, id, value...} of the stored pushes not
     * expired, in order; drops the expired ones that asked for no receipt (the others leave as receipts).
     */
    private static final byte[] STORED = script("", String.join("\n",
            "local out = {}",
            "for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do",
            "  local value = redis.call('HGET', KEYS[2], id)",
            "  if not value then",
            "    redis.call('ZREM', KEYS[1], id)",
            "  else",
            "    local colon = string.find(value, ':', 1, true)",
            "    if tonumber(string.sub(value, 1, colon - 1)) > tonumber(ARGV[1]) then",
            "      out[#out + 1] = id",
            "      out[#out + 1] = value",
            "    elseif string.sub(value, colon + 1, colon + 1) == '0' then",
            "      redis.call('ZREM', KEYS[1], id)",
            "      redis.call('HDEL', KEYS[2], id)",
            "    end",
            "  end",
            "end",
            "return out"));

    /** KEYS: stored order, stored frames. ARGV: id. Returns 1 where it was stored. */
    private static final byte[] UNSTORE = script("",
            "redis.call('ZREM', KEYS[1], ARGV[1]) return redis.call('HDEL', KEYS[2], ARGV[1])");

    /** KEYS: receipts due. ARGV: now, max. Returns the due members, taken out. */
    private static final byte[] TAKE_DUE = script("", String.join("\n",
            "local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])",
            "if #due > 0 then redis.call('ZREM', KEYS[1], unpack(due)) end",
            "return due"));

    private final RedisExecutor redis;
    private final Pipeliner pipeliner;
    private final RedisKeys keys;
    private final int historySize;
    private final byte[] historyTtlMillis;
    private final byte[] streamTtlMillis;
    private final ByteBufAllocator alloc;
    private final LongSupplier clock;
    private final String epochPrefix;
    /** Where the routes read with each user push go, or {@code null} where nobody takes them. */
    private final RouteSnapshots routes;
    private final Predicate<String> knownAlive;

    /**
     * @param clock milliseconds since the epoch, the time pushes are accepted and expire by
     */
    RedisStreamStore(RedisExecutor redis, ClusterConfig config, ByteBufAllocator alloc, LongSupplier clock) {
        this(redis, new Pipeliner(redis), config, alloc, clock, null, nodeId -> false);
    }

    /**
     * @param pipeliner  the node's shared pipeline
     * @param clock      milliseconds since the epoch, the time pushes are accepted and expire by
     * @param routes     where the routes read with each push on a user's stream go, for the router; {@code null}
     *                   to read none
     * @param knownAlive whether the last view of live nodes has a node alive: routes on another node are not handed
     *                   over, so that the router asks about it
     */
    RedisStreamStore(RedisExecutor redis, Pipeliner pipeliner, ClusterConfig config, ByteBufAllocator alloc,
                     LongSupplier clock, RouteSnapshots routes, Predicate<String> knownAlive) {
        this.redis = redis;
        this.routes = routes;
        this.knownAlive = knownAlive;
        this.pipeliner = pipeliner;
        this.keys = new RedisKeys(config.redisPrefix());
        this.historySize = config.historySize();
        this.historyTtlMillis = ascii(config.historyTtl().toMillis());
        this.streamTtlMillis = ascii(ClusterConfig.STREAM_TTL.toMillis());
        this.alloc = alloc;
        this.clock = clock;
        this.epochPrefix = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    private static byte[] script(String functions, String body) {
        return (functions + body).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha1Hex(byte[] script) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(script);
            return ascii(java.util.HexFormat.of().formatHex(digest));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    private static byte[] ascii(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** A new epoch, used only where a stream has none: random, so that two nodes never make the same one. */
    private byte[] epochCandidate() {
        return ascii(epochPrefix + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
    }

    @Override
    public boolean streamsOn() {
        return historySize > 0;
    }

    @Override
    public CompletionStage<List<Accepted>> accept(List<Accept> pushes) {
        AcceptJob job = new AcceptJob(pushes, clock.getAsLong());
        pipeliner.submit(job);
        return job.result;
    }

    /**
     * One caller's pushes: one script each, read back into frames built the way the scripts built them. Each is
     * sent as {@code EVALSHA}, 40 bytes instead of the script's 1.3 KB that Redis would hash again on every call;
     * a push that a Redis without the script (restarted, flushed) refused with {@code NOSCRIPT} did not run, and is
     * sent once more as {@code EVAL}, which caches the script there for the next ones.
     */
    private final class AcceptJob implements Pipeliner.Job {
        private final List<Accept> pushes;
        private final long now;
        private final List<Response<Object>> replies;
        private final List<Response<Long>> receiptsQueued = new ArrayList<>();
        /** The pushes to send as {@code EVAL} on the next flush; null on the first. */
        private boolean[] resend;
        final CompletableFuture<List<Accepted>> result = new CompletableFuture<>();

        AcceptJob(List<Accept> pushes, long now) {
            this.pushes = pushes;
            this.now = now;
            this.replies = new ArrayList<>(java.util.Collections.nCopies(pushes.size(), null));
        }

        @Override
        public void queue(AbstractPipeline p) {
            for (int i = 0; i < pushes.size(); i++) {
                if (resend != null && !resend[i]) {
                    continue;
                }
                Accept push = pushes.get(i);
                PushMessage message = push.message();
                boolean onStream = streamsOn() && message.stream() != null;
                Storage storage = push.storage();
                if (!onStream && storage == null) {
                    continue;
                }
                // A stored push is always a user's: its stream's keys share the user's hash tag.
                String stream = onStream ? message.stream() : PushMessage.userStream(storage.uid());
                String routesOf = onStream ? routesRead(stream) : null;
                List<byte[]> k = new ArrayList<>(5);
                k.add(utf8(keys.stream(stream)));
                k.add(utf8(keys.history(stream)));
                if (storage != null) {
                    k.add(utf8(keys.storedOrder(storage.uid())));
                    k.add(utf8(keys.storedFrames(storage.uid())));
                }
                if (routesOf != null) {
                    k.add(utf8(keys.userConnections(routesOf)));
                }
                List<byte[]> a = List.of(epochCandidate(), onStream ? message.seqHead() : encodeWhole(message),
                        onStream ? message.seqTail() : new byte[0], ascii(now), ascii(onStream ? historySize : 0),
                        historyTtlMillis, streamTtlMillis, utf8(message.id()),
                        ascii(storage == null ? 0 : storage.expiresAt()),
                        ascii(storage != null && storage.receipt() ? 1 : 0), routesOf == null ? ZERO : ONE);
                replies.set(i, resend == null ? p.evalsha(ACCEPT_SHA, k, a) : p.eval(ACCEPT, k, a));
                if (storage != null && storage.receipt()) {
                    receiptsQueued.add(p.zadd(utf8(keys.receiptsDue()), storage.expiresAt(),
                            utf8(storage.uid() + "\t" + message.id())));
                }
            }
        }

        @Override
        public void answered() {
            if (resend == null && resendUnknownScripts()) {
                return;
            }
            List<Accepted> accepted = new ArrayList<>(pushes.size());
            try {
                for (int i = 0; i < pushes.size(); i++) {
                    Response<Object> response = replies.get(i);
                    long seq = response == null ? 0 : (Long) ((List<?>) response.get()).get(1);
                    List<?> reply = response == null ? null : (List<?>) response.get();
                    PushMessage message = pushes.get(i).message();
                    StreamPosition position = seq == 0 ? null : new StreamPosition(text(reply.get(0)), seq);
                    accepted.add(seq == 0 ? new Accepted(null, message.encode(alloc))
                            : new Accepted(position, message.encode(alloc, seq)));
                    if (position != null && routesRead(message.stream()) != null) {
                        offerRoutes(message.stream(), position, reply);
                    }
                }
                receiptsQueued.forEach(Response::get);
            } catch (RuntimeException e) {
                accepted.forEach(a -> a.frame().release());
                result.completeExceptionally(e);
                return;
            }
            result.complete(accepted);
        }

        /** Queues again, as {@code EVAL}, the pushes refused with {@code NOSCRIPT}; says whether there were any. */
        private boolean resendUnknownScripts() {
            boolean[] refused = new boolean[pushes.size()];
            boolean any = false;
            for (int i = 0; i < pushes.size(); i++) {
                Response<Object> response = replies.get(i);
                try {
                    if (response != null) {
                        response.get();
                    }
                } catch (JedisNoScriptException e) {
                    refused[i] = true;
                    any = true;
                } catch (RuntimeException e) {
                    // Any other error is read again, and reported, below.
                }
            }
            if (any) {
                resend = refused;
                pipeliner.submit(this);
            }
            return any;
        }

        @Override
        public void failed(Throwable cause) {
            result.completeExceptionally(cause);
        }
    }

    private byte[] encodeWhole(PushMessage message) {
        io.netty.buffer.ByteBuf frame = message.encode(alloc);
        try {
            return io.netty.buffer.ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }

    @Override
    public CompletionStage<Map<String, StreamPosition>> positions(Collection<String> streams) {
        List<String> names = List.copyOf(streams);
        return batch(p -> {
            List<Response<Object>> replies = new ArrayList<>(names.size());
            for (String stream : names) {
                replies.add(p.eval(POSITION, streamKeys(stream), List.of(epochCandidate(), streamTtlMillis)));
            }
            return () -> {
                Map<String, StreamPosition> positions = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    List<?> reply = (List<?>) replies.get(i).get();
                    positions.put(names.get(i), new StreamPosition(text(reply.get(0)), (Long) reply.get(1)));
                }
                return positions;
            };
        });
    }

    @Override
    public CompletionStage<Map<String, Replay>> replay(Map<String, StreamPosition> since) {
        Map<String, StreamPosition> asked = new LinkedHashMap<>(since);
        long now = clock.getAsLong();
        return batch(p -> {
            Map<String, Response<Object>> replies = new LinkedHashMap<>();
            asked.forEach((stream, position) -> replies.put(stream, p.eval(REPLAY, streamKeys(stream),
                    replayArgs(utf8(position.epoch()), position.seq(), now, Math.max(1, historySize)))));
            return () -> {
                Map<String, Replay> replays = new LinkedHashMap<>();
                replies.forEach((stream, reply) -> replays.put(stream, replay((List<?>) reply.get())));
                return replays;
            };
        });
    }

    @Override
    public CompletionStage<Replay> history(String stream, long afterSeq, int limit) {
        long now = clock.getAsLong();
        return batch(p -> {
            Response<Object> reply = p.eval(REPLAY, streamKeys(stream),
                    replayArgs(new byte[0], afterSeq, now, Math.max(1, limit)));
            return () -> replay((List<?>) reply.get());
        });
    }

    /**
     * The user whose routes the accept of a push on {@code stream} reads: the stream's user where the stream is a
     * user's and someone takes the routes; {@code null} otherwise.
     */
    private String routesRead(String stream) {
        return routes == null || !stream.startsWith(USER_STREAM_PREFIX) ? null
                : stream.substring(USER_STREAM_PREFIX.length());
    }

    /**
     * Hands the router the routes read with a push: where every route's node is alive in the last view of live
     * nodes; otherwise none, and the router reads them again, asking Redis about the node it does not know.
     */
    private void offerRoutes(String stream, StreamPosition position, List<?> reply) {
        String uid = stream.substring(USER_STREAM_PREFIX.length());
        List<ConnectionRoute> userRoutes = new ArrayList<>((reply.size() - 2) / 2);
        for (int i = 2; i + 1 < reply.size(); i += 2) {
            ConnectionRoute route = RedisRouteRegistry.route(uid, text(reply.get(i)), text(reply.get(i + 1)));
            if (!knownAlive.test(route.node())) {
                return;
            }
            userRoutes.add(route);
        }
        routes.offer(stream, position, userRoutes);
    }

    private List<byte[]> streamKeys(String stream) {
        return List.of(utf8(keys.stream(stream)), utf8(keys.history(stream)));
    }

    private List<byte[]> replayArgs(byte[] epoch, long seq, long now, int limit) {
        return List.of(epochCandidate(), streamTtlMillis, epoch, ascii(seq), ascii(now), historyTtlMillis,
                ascii(limit));
    }

    /** Reads a {@code REPLAY} reply; each member is {@code idLength:id frame}. */
    private static Replay replay(List<?> reply) {
        StreamPosition now = new StreamPosition(text(reply.get(0)), (Long) reply.get(1));
        boolean complete = (Long) reply.get(2) == 1;
        List<Entry> pushes = new ArrayList<>((reply.size() - 3) / 2);
        for (int i = 3; i + 1 < reply.size(); i += 2) {
            byte[] member = (byte[]) reply.get(i);
            int colon = indexOf(member, (byte) ':', 0);
            int idLength = Integer.parseInt(new String(member, 0, colon, StandardCharsets.US_ASCII));
            String id = new String(member, colon + 1, idLength, StandardCharsets.UTF_8);
            byte[] frame = java.util.Arrays.copyOfRange(member, colon + 1 + idLength, member.length);
            pushes.add(new Entry(id, (Long) reply.get(i + 1), false, frame));
        }
        return new Replay(now, complete, pushes);
    }

    @Override
    public CompletionStage<List<Entry>> stored(String uid) {
        long now = clock.getAsLong();
        return batch(p -> {
            Response<Object> reply = p.eval(STORED, storedKeys(uid), List.of(ascii(now)));
            return () -> {
                List<?> flat = (List<?>) reply.get();
                List<Entry> stored = new ArrayList<>(flat.size() / 2);
                for (int i = 0; i + 1 < flat.size(); i += 2) {
                    stored.add(storedEntry(text(flat.get(i)), (byte[]) flat.get(i + 1)));
                }
                return stored;
            };
        });
    }

    /** Reads {@code expiresAt:receipt:seq:frame}. */
    private static Entry storedEntry(String id, byte[] value) {
        int first = indexOf(value, (byte) ':', 0);
        int second = indexOf(value, (byte) ':', first + 1);
        int third = indexOf(value, (byte) ':', second + 1);
        boolean receipt = value[first + 1] == '1';
        long seq = Long.parseLong(new String(value, second + 1, third - second - 1, StandardCharsets.US_ASCII));
        return new Entry(id, seq, receipt, java.util.Arrays.copyOfRange(value, third + 1, value.length));
    }

    @Override
    public CompletionStage<Boolean> acked(String uid, String id) {
        return batch(p -> {
            Response<Object> removed = p.eval(UNSTORE, storedKeys(uid), List.of(utf8(id)));
            p.zrem(utf8(keys.receiptsDue()), utf8(uid + "\t" + id));
            return () -> Long.valueOf(1).equals(removed.get());
        });
    }

    @Override
    public CompletionStage<List<Expired>> expired(int max) {
        long now = clock.getAsLong();
        return redis.callOnce(j -> {
            List<?> due = (List<?>) j.eval(TAKE_DUE, List.of(utf8(keys.receiptsDue())), List.of(ascii(now), ascii(max)));
            List<Expired> candidates = new ArrayList<>(due.size());
            for (Object member : due) {
                String text = text(member);
                int tab = text.indexOf('\t');
                candidates.add(new Expired(text.substring(0, tab), text.substring(tab + 1)));
            }
            if (candidates.isEmpty()) {
                return List.of();
            }
            List<Response<Object>> removed = new ArrayList<>(candidates.size());
            try (AbstractPipeline p = j.pipelined()) {
                for (Expired e : candidates) {
                    removed.add(p.eval(UNSTORE, storedKeys(e.uid()), List.of(utf8(e.id()))));
                }
                p.sync();
            }
            List<Expired> expired = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                if (Long.valueOf(1).equals(removed.get(i).get())) {
                    expired.add(candidates.get(i));
                }
            }
            return expired;
        });
    }

    private List<byte[]> storedKeys(String uid) {
        return List.of(utf8(keys.storedOrder(uid)), utf8(keys.storedFrames(uid)));
    }

    /** Commands queued on a shared pipeline, and how their answers are read once it was sent. */
    @FunctionalInterface
    private interface Commands<T> {
        java.util.function.Supplier<T> queue(AbstractPipeline pipeline);
    }

    private <T> CompletionStage<T> batch(Commands<T> commands) {
        CompletableFuture<T> result = new CompletableFuture<>();
        pipeliner.submit(new Pipeliner.Job() {
            private java.util.function.Supplier<T> read;

            @Override
            public void queue(AbstractPipeline pipeline) {
                read = commands.queue(pipeline);
            }

            @Override
            public void answered() {
                try {
                    result.complete(read.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void failed(Throwable cause) {
                result.completeExceptionally(cause);
            }
        });
        return result;
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalStateException("malformed stored value: no '" + (char) b + "'");
    }
}
