package io.herald.route;

import io.herald.codec.PushMessage;
import io.herald.codec.StreamPosition;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Streams and stored pushes of a node that runs alone, in memory. Bounded three ways: each stream keeps its last
 * {@code historySize} pushes, each push for {@code historyTtl}, and all streams together
 * {@code historyMemoryBytes} of heap, counted as each push's frame and id plus {@link #ENTRY_OVERHEAD} for the
 * objects that keep them; past that bound the oldest pushes of any stream go first, and a log line says so (once a
 * minute at most). A stream's epoch and seq outlive its last use by
 * {@link ClusterConfig#STREAM_TTL}. Every epoch starts with a part drawn at random when the node starts, so a
 * restart changes them all.
 *
 * <h2>Design</h2>
 * One lock guards everything: each operation is a few map and list steps, far shorter than the network work around
 * it. A history entry keeps a heap copy of the frame the push was encoded into, which replays hand out as is. That
 * one copy (a few hundred bytes, once per push) is cheaper than sharing the encoded buffer: a retained pooled
 * buffer costs about 170 bytes of buffer objects per entry on top of its bytes, and pins pool memory meant for
 * short-lived buffers for the whole ttl.
 * Entries are also linked in one list in the order they were accepted, across streams, so that the ttl and the
 * memory bound drop the oldest first without a scan; streams sit in an access-ordered map, so that idle ones are
 * found at its head. Thread-safe; every stage is already complete.
 */
public final class InMemoryStreamStore implements StreamStore {

    private static final Logger log = LoggerFactory.getLogger(InMemoryStreamStore.class);
    private static final long EVICTION_LOG_EVERY_MILLIS = 60_000;

    /**
     * Heap bytes an entry takes beyond its frame and its id's characters: the entry object (48), the frame array's
     * and the id's headers (16 + 24 + 16), and its slot in its stream's queue (8, with the queue's spare room),
     * as measured with {@code jcmd GC.class_histogram} on a 64-bit JVM with compressed references.
     */
    static final int ENTRY_OVERHEAD = 112;

    private final int historySize;
    private final long historyTtlMillis;
    private final long maxBytes;
    private final ByteBufAllocator alloc;
    private final LongSupplier clock;
    private final String epochPrefix;
    private long streamsCreated;

    private final LinkedHashMap<String, Stream> streams = new LinkedHashMap<>(64, 0.75f, true);
    private Entry oldest;
    private Entry newest;
    private long bytes;
    private long evictedEarly;
    private long lastEvictionLog = Long.MIN_VALUE;

    private final Map<String, LinkedHashMap<String, Stored>> mailboxes = new java.util.HashMap<>();
    private final PriorityQueue<Due> receiptsDue = new PriorityQueue<>();

    /** One stream: its epoch, its last seq, and the pushes still in its history, oldest first. */
    private static final class Stream {
        final String name;
        final String epoch;
        long seq;
        long lastUsed;
        final ArrayDeque<Entry> entries = new ArrayDeque<>();

        Stream(String name, String epoch, long now) {
            this.name = name;
            this.epoch = epoch;
            this.lastUsed = now;
        }
    }

    /** One push of a history, also linked in the list of all entries in the order they were accepted. */
    private static final class Entry {
        final Stream stream;
        final String id;
        final long seq;
        final long at;
        final byte[] frame;
        Entry previous;
        Entry next;

        Entry(Stream stream, String id, long seq, long at, byte[] frame) {
            this.stream = stream;
            this.id = id;
            this.seq = seq;
            this.at = at;
            this.frame = frame;
        }

        /** What the entry counts for against the memory bound. */
        long bytes() {
            return frame.length + id.length() + ENTRY_OVERHEAD;
        }
    }

    private record Stored(byte[] frame, long seq, long expiresAt, boolean receipt) {
    }

    private record Due(long expiresAt, String uid, String id) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return Long.compare(expiresAt, o.expiresAt);
        }
    }

    /**
     * @param clock milliseconds since the epoch, the time pushes are accepted and expire by
     */
    public InMemoryStreamStore(ClusterConfig config, ByteBufAllocator alloc, LongSupplier clock) {
        this.historySize = config.historySize();
        this.historyTtlMillis = config.historyTtl().toMillis();
        this.maxBytes = config.historyMemoryBytes();
        this.alloc = alloc;
        this.clock = clock;
        this.epochPrefix = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    @Override
    public boolean streamsOn() {
        return historySize > 0;
    }

    @Override
    public synchronized CompletionStage<List<Accepted>> accept(List<Accept> pushes) {
        long now = clock.getAsLong();
        expire(now);
        List<Accepted> accepted = new ArrayList<>(pushes.size());
        for (Accept push : pushes) {
            PushMessage message = push.message();
            Accepted result;
            if (streamsOn() && message.stream() != null) {
                Stream stream = stream(message.stream(), now);
                long seq = ++stream.seq;
                ByteBuf frame = message.encode(alloc, seq);
                append(stream, new Entry(stream, message.id(), seq, now, ByteBufUtil.getBytes(frame)));
                result = new Accepted(new StreamPosition(stream.epoch, seq), frame);
            } else {
                result = new Accepted(null, message.encode(alloc));
            }
            if (push.storage() != null) {
                store(push.storage(), message.id(), result);
            }
            accepted.add(result);
        }
        return CompletableFuture.completedFuture(accepted);
    }

    /** The stream, made with a new epoch where there is none; marked used now (so it outlives its last use). */
    private Stream stream(String name, long now) {
        Stream stream = streams.get(name);
        if (stream == null) {
            stream = new Stream(name, epochPrefix + "-" + Long.toString(++streamsCreated, 36), now);
            streams.put(name, stream);
        }
        stream.lastUsed = now;
        return stream;
    }

    private void append(Stream stream, Entry entry) {
        stream.entries.addLast(entry);
        entry.previous = newest;
        if (newest == null) {
            oldest = entry;
        } else {
            newest.next = entry;
        }
        newest = entry;
        bytes += entry.bytes();
        if (stream.entries.size() > historySize) {
            remove(stream.entries.peekFirst());
        }
        int early = 0;
        while (bytes > maxBytes && oldest != null) {
            remove(oldest);
            early++;
        }
        if (early > 0) {
            logEviction(early, entry.at);
        }
    }

    /** Drops an entry from its stream (where it is always the oldest) and from the list of all entries. */
    private void remove(Entry entry) {
        entry.stream.entries.remove(entry);
        if (entry.previous == null) {
            oldest = entry.next;
        } else {
            entry.previous.next = entry.next;
        }
        if (entry.next == null) {
            newest = entry.previous;
        } else {
            entry.next.previous = entry.previous;
        }
        bytes -= entry.bytes();
    }

    private void logEviction(int early, long now) {
        evictedEarly += early;
        if (now - lastEvictionLog >= EVICTION_LOG_EVERY_MILLIS) {
            log.warn("Stream history reached its memory bound of {} bytes: dropped {} pushes before their ttl "
                    + "(clients away longer than the remaining history will be told those streams were lost; "
                    + "raise --history-memory to keep more)", maxBytes, evictedEarly);
            lastEvictionLog = now;
            evictedEarly = 0;
        }
    }

    /** Drops pushes past their ttl, and streams unused for {@link ClusterConfig#STREAM_TTL} with no history. */
    private void expire(long now) {
        while (oldest != null && now - oldest.at >= historyTtlMillis) {
            remove(oldest);
        }
        long streamTtl = ClusterConfig.STREAM_TTL.toMillis();
        Iterator<Stream> idle = streams.values().iterator();
        while (idle.hasNext()) {
            Stream stream = idle.next();
            if (now - stream.lastUsed < streamTtl) {
                break;
            }
            if (stream.entries.isEmpty()) {
                idle.remove();
            }
        }
    }

    private void store(Storage storage, String id, Accepted accepted) {
        byte[] frame = ByteBufUtil.getBytes(accepted.frame());
        long seq = accepted.position() == null ? 0 : accepted.position().seq();
        mailboxes.computeIfAbsent(storage.uid(), uid -> new LinkedHashMap<>())
                .put(id, new Stored(frame, seq, storage.expiresAt(), storage.receipt()));
        if (storage.receipt()) {
            receiptsDue.add(new Due(storage.expiresAt(), storage.uid(), id));
        }
    }

    @Override
    public synchronized CompletionStage<Map<String, StreamPosition>> positions(Collection<String> names) {
        long now = clock.getAsLong();
        expire(now);
        Map<String, StreamPosition> positions = new LinkedHashMap<>();
        for (String name : names) {
            Stream stream = stream(name, now);
            positions.put(name, new StreamPosition(stream.epoch, stream.seq));
        }
        return CompletableFuture.completedFuture(positions);
    }

    @Override
    public synchronized CompletionStage<Map<String, Replay>> replay(Map<String, StreamPosition> since) {
        long now = clock.getAsLong();
        expire(now);
        Map<String, Replay> replays = new LinkedHashMap<>();
        since.forEach((name, position) -> replays.put(name, replay(stream(name, now), position)));
        return CompletableFuture.completedFuture(replays);
    }

    private static Replay replay(Stream stream, StreamPosition since) {
        StreamPosition now = new StreamPosition(stream.epoch, stream.seq);
        if (!stream.epoch.equals(since.epoch()) || since.seq() > stream.seq) {
            return new Replay(now, false, List.of());
        }
        List<Entry> after = entriesAfter(stream, since.seq());
        boolean complete = since.seq() == stream.seq || !after.isEmpty() && after.get(0).seq == since.seq() + 1;
        return new Replay(now, complete, entries(after));
    }

    private static List<Entry> entriesAfter(Stream stream, long seq) {
        List<Entry> after = new ArrayList<>();
        for (Entry entry : stream.entries) {
            if (entry.seq > seq) {
                after.add(entry);
            }
        }
        return after;
    }

    private static List<StreamStore.Entry> entries(List<Entry> entries) {
        List<StreamStore.Entry> out = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            out.add(new StreamStore.Entry(entry.id, entry.seq, false, entry.frame));
        }
        return out;
    }

    @Override
    public synchronized CompletionStage<Replay> history(String name, long afterSeq, int limit) {
        long now = clock.getAsLong();
        expire(now);
        Stream stream = stream(name, now);
        List<Entry> after = entriesAfter(stream, afterSeq);
        boolean complete = afterSeq >= stream.seq || !after.isEmpty() && after.get(0).seq == afterSeq + 1;
        List<Entry> some = after.size() > limit ? after.subList(0, limit) : after;
        return CompletableFuture.completedFuture(
                new Replay(new StreamPosition(stream.epoch, stream.seq), complete, entries(some)));
    }

    @Override
    public synchronized CompletionStage<List<StreamStore.Entry>> stored(String uid) {
        long now = clock.getAsLong();
        LinkedHashMap<String, Stored> mailbox = mailboxes.get(uid);
        if (mailbox == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<StreamStore.Entry> pending = new ArrayList<>(mailbox.size());
        for (Map.Entry<String, Stored> e : mailbox.entrySet()) {
            Stored stored = e.getValue();
            if (stored.expiresAt() > now) {
                pending.add(new StreamStore.Entry(e.getKey(), stored.seq(), stored.receipt(), stored.frame()));
            }
        }
        return CompletableFuture.completedFuture(pending);
    }

    @Override
    public synchronized CompletionStage<Boolean> acked(String uid, String id) {
        LinkedHashMap<String, Stored> mailbox = mailboxes.get(uid);
        boolean removed = mailbox != null && mailbox.remove(id) != null;
        if (mailbox != null && mailbox.isEmpty()) {
            mailboxes.remove(uid);
        }
        return CompletableFuture.completedFuture(removed);
    }

    @Override
    public synchronized CompletionStage<List<Expired>> expired(int max) {
        long now = clock.getAsLong();
        List<Expired> expired = new ArrayList<>();
        Due due;
        while (expired.size() < max && (due = receiptsDue.peek()) != null && due.expiresAt() <= now) {
            receiptsDue.poll();
            LinkedHashMap<String, Stored> mailbox = mailboxes.get(due.uid());
            if (mailbox != null && mailbox.remove(due.id()) != null) {
                expired.add(new Expired(due.uid(), due.id()));
                if (mailbox.isEmpty()) {
                    mailboxes.remove(due.uid());
                }
            }
        }
        dropExpiredStored(now);
        return CompletableFuture.completedFuture(expired);
    }

    /** Drops stored pushes past their ttl that asked for no receipt; the receipt ones leave through {@link #expired}. */
    private void dropExpiredStored(long now) {
        Iterator<LinkedHashMap<String, Stored>> boxes = mailboxes.values().iterator();
        while (boxes.hasNext()) {
            LinkedHashMap<String, Stored> mailbox = boxes.next();
            mailbox.values().removeIf(stored -> !stored.receipt() && stored.expiresAt() <= now);
            if (mailbox.isEmpty()) {
                boxes.remove();
            }
        }
    }

    /** How many bytes the histories count for now against the memory bound (frames, ids and bookkeeping). */
    public synchronized long historyBytes() {
        return bytes;
    }
}
