package io.herald.gateway.session;

import io.herald.gateway.auth.TokenClaims;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link SessionIndex} under churn: one thread keeps dropping and re-adding sessions (a client that
 * reconnects: {@code remove}, {@code add}, {@code join} of its user's group, as a logout and a login do) while
 * another looks sessions up, by user ({@code sessionsOf}, a push to a user) or by group ({@code forEachInGroup},
 * a push to a group). Each pair is one JMH group of two threads, so that both cores of a small machine are busy.
 *
 * <p>The population, for {@link #sessions} sessions: three quarters as many users, the first third of which have
 * two sessions (web and phone), the others one; one group per hundred sessions, each user in one group, so that
 * every group holds 100 sessions whatever the index's size. Lookups and churn walk the users and sessions with a
 * large prime stride, not in order. The sessions share one {@link EmbeddedChannel}: the index never touches a
 * session's channel, and a hundred thousand embedded channels would measure their own footprint.
 *
 * <p>Lives beside {@link SessionIndex} (test sources, same package) because logging a session in is
 * package-private; the gateway's test classpath keeps JMH out of the fat jar.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SessionIndexBenchmark {

    static final int SESSIONS_PER_GROUP = 100;
    private static final int STRIDE = 7919;

    @Param({"10000", "100000"})
    int sessions;

    private EmbeddedChannel channel;
    private SessionIndex index;
    private Session[] all;
    private String[] uids;
    private String[] groups;

    @Setup
    public void setUp() {
        channel = new EmbeddedChannel();
        index = new SessionIndex();
        int users = sessions - sessions / 4;
        uids = new String[users];
        for (int u = 0; u < users; u++) {
            uids[u] = "user-" + u;
        }
        groups = new String[sessions / SESSIONS_PER_GROUP];
        for (int g = 0; g < groups.length; g++) {
            groups[g] = "room-" + g;
        }
        all = new Session[sessions];
        for (int i = 0; i < sessions; i++) {
            // Session i is user (i mod users)'s: users below sessions - users get a second session.
            String uid = uids[i % users];
            Session session = new Session(channel, "n1:4fzq:" + Integer.toString(i, 36));
            session.logIn(new TokenClaims(uid, Set.of(), false), i < users ? "web" : "phone", "n1");
            all[i] = session;
            index.add(session);
            index.join(groupOf(i % users), uid);
        }
    }

    @TearDown
    public void tearDown() {
        channel.close();
    }

    private String groupOf(int user) {
        return groups[user % groups.length];
    }

    /** A walk over {@code 0..bound-1} that visits every index once per round, in a scattered order. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        int next(int bound) {
            int current = next % bound;
            next = (current + STRIDE) % bound;
            return current;
        }
    }

    /** Counts the sessions a lookup visits, allocating nothing itself. */
    @State(Scope.Thread)
    public static class Visits implements Consumer<Session> {
        private int count;

        @Override
        public void accept(Session session) {
            count++;
        }

        int takeCount() {
            int taken = count;
            count = 0;
            return taken;
        }
    }

    /** A connection closes and its client reconnects: out of the index, back in, back in its user's group. */
    @Benchmark
    @Group("byUser")
    @GroupThreads(1)
    public boolean churnWhileUserLookups(Cursor cursor) {
        return churn(cursor);
    }

    @Benchmark
    @Group("byUser")
    @GroupThreads(1)
    public int lookupUser(Cursor cursor, Visits visits) {
        index.sessionsOf(uids[cursor.next(uids.length)]).forEach(visits);
        return visits.takeCount();
    }

    @Benchmark
    @Group("byGroup")
    @GroupThreads(1)
    public boolean churnWhileGroupLookups(Cursor cursor) {
        return churn(cursor);
    }

    @Benchmark
    @Group("byGroup")
    @GroupThreads(1)
    public int lookupGroup(Cursor cursor, Visits visits) {
        index.forEachInGroup(groups[cursor.next(groups.length)], visits);
        return visits.takeCount();
    }

    private boolean churn(Cursor cursor) {
        int i = cursor.next(sessions);
        Session session = all[i];
        index.remove(session);
        boolean back = index.add(session);
        // A user whose other session stayed is still in the group: the join changes nothing then.
        index.join(groupOf(i % uids.length), session.uid());
        return back;
    }

    SessionIndex index() {
        return index;
    }
}
