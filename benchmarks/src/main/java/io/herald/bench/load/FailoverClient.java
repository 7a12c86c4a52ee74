package io.herald.bench.load;

import io.herald.codec.JsonWriter;
import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One user's client in a failover run, as a careful application would write it against the protocol: it keeps its
 * position in each of its streams, acks every push, hands each push to its application once (dropping a repeat it
 * still remembers), and when its connection drops it logs in again at once on another node with {@code since} set
 * to its positions, so that it misses nothing.
 *
 * <p>Reconnects go round the other nodes in turn (starting at a different one for each client, so that a dead
 * node's clients spread over the rest), with a short backoff after each attempt that fails; the time from the drop
 * to the next login reply is the recovery time. A first connection that fails is not retried: like the other
 * scenarios, the run counts it failed and pushes only to users who logged in.
 *
 * <p>Everything here runs on one event loop, the one each of its connections is registered with. Its account (its
 * logins and drops, with each login reply) is read by other threads once the run is over.
 */
final class FailoverClient {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    private static final int MAX_ACCOUNT = 24;

    private final int index;
    private final String uid;
    private final String token;
    private final EventLoop loop;
    private final FailoverClients clients;
    private final StreamPositions positions = new StreamPositions();
    private final PushDedupe dedupe = new PushDedupe(PushDedupe.WINDOW);
    private final List<String> account = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private FailoverClientHandler current;
    private int node;
    private boolean everReady;
    private boolean ready;
    private boolean sinceSent;
    private boolean reconnected;
    private boolean stopped;
    private long droppedAtNanos;
    private int droppedFrom;
    private int attempt;

    FailoverClient(int index, String uid, String token, EventLoop loop, FailoverClients clients) {
        this.index = index;
        this.uid = uid;
        this.token = token;
        this.loop = loop;
        this.clients = clients;
    }

    EventLoop loop() {
        return loop;
    }

    /** Opens the first connection, to node {@code node}. Call on the client's loop. */
    void start(int node) {
        connect(node, FailoverClients.FIRST_ATTEMPT_TIMEOUT);
    }

    /** Closes the connection and opens no other. Call on the client's loop. */
    void stop() {
        stopped = true;
        if (current != null) {
            current.close("stopped");
        }
    }

    private void connect(int node, Duration timeout) {
        this.node = node;
        current = clients.connect(this, node, index, timeout);
    }

    /** The login frame of the connection now open: with {@code since} once the client has positions. */
    void writeLogin(JsonWriter w) {
        sinceSent = everReady && !positions.isEmpty();
        w.raw("{\"id\":\"login\",\"cmd\":\"login\",\"uid\":").string(uid).raw(",\"token\":").string(token);
        if (sinceSent) {
            w.raw(",\"since\":");
            positions.writeSince(w);
        }
        w.raw("}");
        if (sinceSent) {
            note("login on node " + (node + 1) + " since " + positions);
        }
    }

    void loginAnswered(FailoverClientHandler handler, FailoverFrame reply) {
        if (handler != current) {
            return;
        }
        if (reply.code() != 200) {
            handler.close("login refused: " + reply.code());
            return;
        }
        ready = true;
        attempt = 0;
        positions.loggedIn(reply.streams(), sinceSent, reply.lost());
        long now = System.nanoTime();
        if (!everReady) {
            everReady = true;
            clients.stats().firstLogin();
            clients.listener().ready(index, (now - startNanos) / 1000);
            return;
        }
        long micros = (now - droppedAtNanos) / 1000;
        clients.stats().loggedInAgain(!reconnected, reply.recovered(), reply.lost(), micros);
        reconnected = true;
        note(String.format(Locale.ROOT, "logged in on node %d %.1f ms after the drop: %s", node + 1, micros / 1000.0,
                reply.text()));
    }

    void pushed(FailoverClientHandler handler, FailoverFrame push, long arrivedNanos) {
        if (handler != current) {
            return;
        }
        if (!dedupe.firstTime(push.id())) {
            clients.stats().duplicateDropped();
            positions.advance(push.stream(), push.seq());
            return;
        }
        clients.stats().order(positions.advance(push.stream(), push.seq()));
        clients.ledger().delivered(clients.run().ids().seq(push.id()), index, push.sentMicros(),
                clients.run().clock().micros(arrivedNanos));
    }

    /** How a connection ended: a drop where it was logged in, otherwise an attempt that failed. */
    void ended(FailoverClientHandler handler, String reason) {
        if (handler != current) {
            return;
        }
        current = null;
        if (ready) {
            dropped(reason);
        } else if (!everReady) {
            clients.listener().failed(index, reason);
        } else if (!stopped) {
            clients.stats().refused(reason);
            note("attempt on node " + (node + 1) + " failed: " + reason);
            attempt++;
            long backoff = Math.min(FIRST_BACKOFF.toNanos() << Math.min(attempt - 1, 10), MAX_BACKOFF.toNanos());
            loop.schedule(this::reconnect, backoff, TimeUnit.NANOSECONDS);
        }
    }

    private void dropped(String reason) {
        ready = false;
        if (stopped) {
            return;
        }
        droppedAtNanos = System.nanoTime();
        droppedFrom = node;
        attempt = 0;
        clients.stats().dropped(reason);
        clients.listener().closed(index, reason);
        note("dropped from node " + (node + 1) + ": " + reason + "; at " + positions);
        reconnect();
    }

    private void reconnect() {
        if (!stopped) {
            connect(clients.nextNode(droppedFrom, index + attempt), FailoverClients.ATTEMPT_TIMEOUT);
        }
    }

    private void note(String event) {
        String line = String.format(Locale.ROOT, "%.3f s %s", clients.secondsSinceStart(System.nanoTime()), event);
        synchronized (account) {
            if (account.size() < MAX_ACCOUNT) {
                account.add(line);
            }
        }
    }

    /** What happened to this client's connections, in order: its drops, failed attempts and logins again. */
    List<String> account() {
        synchronized (account) {
            return List.copyOf(account);
        }
    }
}
