package io.herald.gateway.session;

import io.herald.codec.PushMessage;
import io.herald.codec.RawJson;
import io.herald.codec.StreamPosition;
import io.herald.route.ClusterConfig;
import io.herald.route.Delivery;
import io.herald.route.InMemoryStreamStore;
import io.herald.route.StreamStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order a {@code join} reply keeps with the group's push frames, whatever the order in which the pushes take their
 * seqs, reach the connection's loop, and the node reads the connection's place. One connection; a run is a timeline of
 * ticks, with a seed of its own:
 * <ul>
 *   <li>the {@code join} command at tick H holds the stream's frames; its user's membership becomes visible to the
 *       node's deliveries between ticks M and M+1; the connection reads its place at tick J (at or after M), and the
 *       store answers the read at tick R (after J) with where the stream is then; the reply goes out at tick Q (after
 *       R), once the router answered;</li>
 *   <li>each push takes its seq at a random tick, is routed a few ticks later (to this connection only where that is
 *       after M: the user was not in the group before), and reaches the connection's loop a few ticks after that, so
 *       that frames arrive out of order. Within a tick, events come in a random order.</li>
 * </ul>
 * The invariant: the reply gives place n = where the stream was when the read was answered; no push frame goes out
 * before the reply; after it, exactly the pushes n+1, n+2, … up to the last, each once and in order. Every push
 * past n took its seq after the read, so after the membership was visible: it was routed here, and nothing is lost.
 * A member already is answered its place n then: what it was sent before the reply is at or below n, and after it
 * come exactly the pushes past n.
 */
class JoinReplyOrderTest {

    private static final String ROOM = "group:room1";
    private static final int RUNS = 500;

    @Test
    void aNewMembersReplySplitsTheStreamAtThePlaceItGives() {
        for (int seed = 0; seed < RUNS; seed++) {
            new Run(seed, false).play();
        }
    }

    @Test
    void aMemberAlreadyIsAnsweredWithItsPlaceBetweenWhatItWasSentAndWhatFollows() {
        for (int seed = 0; seed < RUNS; seed++) {
            new Run(seed, true).play();
        }
    }

    /** One timeline. */
    private static final class Run {
        final int seed;
        final boolean member;
        final Random random;
        final EmbeddedChannel loop = new EmbeddedChannel();
        final InMemoryStreamStore store = new InMemoryStreamStore(ClusterConfig.builder().build(),
                UnpooledByteBufAllocator.DEFAULT, System::currentTimeMillis);
        final CuedPositions cued = new CuedPositions(store);
        final ByteBuf wire = Unpooled.copiedBuffer("w", StandardCharsets.US_ASCII);
        /** What went out: a push's seq, or the reply as -1 - its place. */
        final List<Long> out = new ArrayList<>();
        final StreamCursors cursors = new StreamCursors(new StreamCursors.Writer() {
            @Override
            public void write(Delivery delivery, ByteBuf w, AckWait ackWait) {
                out.add(delivery.position().seq());
            }

            @Override
            public void write(StreamStore.Entry entry, boolean stored) {
                out.add(entry.seq());
            }
        }, cued, new HistoryReads(store), loop.eventLoop());
        String epoch;
        long answered = -1;
        long reply = -1;

        Run(int seed, boolean member) {
            this.seed = seed;
            this.member = member;
            this.random = new Random(seed);
        }

        void play() {
            loop.freezeTime();
            epoch = store.positions(List.of(ROOM)).toCompletableFuture().join().get(ROOM).epoch();
            int ticks = 40;
            int hold = random.nextInt(10);
            int visible = hold + random.nextInt(5);
            int read = visible + random.nextInt(5);
            int answer = read + 1 + random.nextInt(8);
            int release = answer + 1 + random.nextInt(8);
            int pushes = 5 + random.nextInt(25);
            List<List<Runnable>> timeline = new ArrayList<>();
            for (int t = 0; t < ticks; t++) {
                timeline.add(new ArrayList<>());
            }
            // Pushes take their seqs in tick order; each is routed, then arrives, a few ticks later.
            List<Integer> accepts = new ArrayList<>();
            for (int i = 0; i < pushes; i++) {
                accepts.add(random.nextInt(ticks - 12));
            }
            Collections.sort(accepts);
            int[] routes = new int[pushes];
            int[] arrivals = new int[pushes];
            for (int i = 0; i < pushes; i++) {
                routes[i] = accepts.get(i) + random.nextInt(3);
                arrivals[i] = routes[i] + random.nextInt(6);
            }
            long[] seqs = new long[pushes];
            for (int i = 0; i < pushes; i++) {
                int push = i;
                timeline.get(accepts.get(i)).add(() -> {
                    seqs[push] = accept();
                    // Routed here where the membership is visible by then: from the start for a member already.
                    if (member || routes[push] > visible) {
                        timeline.get(arrivals[push]).add(() -> cursors.offer(delivery(seqs[push]), wire, null));
                    }
                });
            }
            if (member) {
                cursors.recovered(Map.of(ROOM, new StreamPosition(epoch, 0)));
            } else {
                cursors.recovered(Map.of());
                timeline.get(read).add(() -> cursors.join(ROOM));
                timeline.get(answer).add(() -> {
                    answered = store.positions(List.of(ROOM)).toCompletableFuture().join().get(ROOM).seq();
                    cued.answer();
                });
            }
            timeline.get(hold).add(() -> cursors.holdForReply(ROOM));
            timeline.get(release).add(() -> cursors.reply(ROOM, position -> {
                reply = position.seq();
                out.add(-1 - position.seq());
            }));
            for (int t = 0; t < ticks; t++) {
                // Events of one tick in any order, each followed by what the loop has to run; events that an event
                // adds to its own tick (an arrival routed at once) run in it too.
                List<Runnable> now = timeline.get(t);
                for (int done = 0; done < now.size(); done++) {
                    Collections.swap(now, done, done + random.nextInt(now.size() - done));
                    now.get(done).run();
                    loop.runPendingTasks();
                }
            }
            loop.advanceTimeBy(StreamCursors.GAP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            loop.runScheduledPendingTasks();
            loop.runPendingTasks();
            check(seqs);
            cursors.release();
            assertThat(wire.refCnt()).as("seed %d: nothing held leaks", seed).isEqualTo(1);
            wire.release();
            loop.finishAndReleaseAll();
        }

        void check(long[] seqs) {
            String run = "seed " + seed + ", out " + out;
            int at = out.indexOf(-1 - reply);
            assertThat(at).as("%s: one reply", run).isNotNegative();
            if (!member) {
                assertThat(reply).as("%s: the place the read found", run).isEqualTo(answered);
                assertThat(at).as("%s: nothing before the reply of a new member", run).isZero();
            }
            for (long seq : out.subList(0, at)) {
                assertThat(seq).as("%s: before the reply, at or below its place", run).isBetween(1L, reply);
            }
            long last = 0;
            for (long seq : seqs) {
                last = Math.max(last, seq);
            }
            List<Long> expected = new ArrayList<>();
            for (long seq = reply + 1; seq <= last; seq++) {
                expected.add(seq);
            }
            assertThat(out.subList(at + 1, out.size())).as("%s: after the reply, every push past its place, in order",
                    run).containsExactlyElementsOf(expected);
            if (member) {
                List<Long> all = new ArrayList<>(out.subList(0, at));
                all.addAll(out.subList(at + 1, out.size()));
                assertThat(all).as("%s: a member gets the whole stream", run).hasSize((int) last);
            }
        }

        long accept() {
            StreamStore.Accepted accepted = store.accept(List.of(new StreamStore.Accept(
                    new PushMessage("m", ROOM, "room1", RawJson.trusted("1")), null))).toCompletableFuture().join()
                    .get(0);
            accepted.frame().release();
            return accepted.position().seq();
        }

        Delivery delivery(long seq) {
            return new Delivery("m-" + seq, ROOM, new StreamPosition(epoch, seq), wire, Delivery.Acks.NONE);
        }
    }
}
