package io.herald.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A listener that records what a client reports, in order (a test may extend it), and lets the test thread wait for
 * it: each wait is bounded ({@link #WAIT}) and fails naming what it waited for and what came. Thread-safe.
 */
class Events implements HeraldClient.Listener {

    static final Duration WAIT = Duration.ofSeconds(15);

    /** One event: its kind ({@code connected}, {@code push}, …) and what came with it. */
    record Event(String kind, Object value) {
    }

    /** What {@code onDisconnected} and {@code onStopped} report. */
    record Close(int code, String reason) {
    }

    private final List<Event> events = new ArrayList<>();
    private final Set<String> threads = new TreeSet<>();

    @Override
    public void onConnected(HeraldClient client, Session session) {
        add("connected", session);
    }

    @Override
    public void onDisconnected(HeraldClient client, int code, String reason) {
        add("disconnected", new Close(code, reason));
    }

    @Override
    public void onPush(HeraldClient client, Push push) {
        add("push", push);
    }

    @Override
    public void onRecovered(HeraldClient client, Set<String> streams) {
        add("recovered", new TreeSet<>(streams));
    }

    @Override
    public void onLost(HeraldClient client, Set<String> streams) {
        add("lost", new TreeSet<>(streams));
    }

    @Override
    public void onError(HeraldClient client, Throwable error) {
        add("error", error);
    }

    @Override
    public void onStopped(HeraldClient client, int code, String reason) {
        add("stopped", new Close(code, reason));
    }

    private synchronized void add(String kind, Object value) {
        threads.add(Thread.currentThread().getName());
        events.add(new Event(kind, value));
        notifyAll();
    }

    /** Waits for the {@code n}-th event of {@code kind} (from 1) and returns what came with it. */
    @SuppressWarnings("unchecked")
    synchronized <T> T await(String kind, int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<Object> of = values(kind);
            if (of.size() >= n) {
                return (T) of.get(n - 1);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + kind + " #" + n + " within " + WAIT + "; events: " + events
                        + "; threads: " + threads());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits for {@code n} pushes; returns them all. */
    synchronized List<Push> awaitPushes(int n) {
        await("push", n);
        return pushes();
    }

    /** Checks that no event of {@code kind} beyond the {@code seen} first comes within {@code wait}. */
    synchronized void assertNoMore(String kind, int seen, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (long left = wait.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            if (values(kind).size() > seen) {
                throw new AssertionError("an unexpected " + kind + ": " + events);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        if (values(kind).size() > seen) {
            throw new AssertionError("an unexpected " + kind + ": " + events);
        }
    }

    /** The stacks of the client's threads, the JDK's WebSocket threads and the proxy's, to tell where one is stuck. */
    private static String threads() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            String name = thread.getName();
            if (name.startsWith("herald-client") || name.startsWith("HttpClient") || name.startsWith("proxy")) {
                dump.append('\n').append(name).append(' ').append(thread.getState());
                for (StackTraceElement frame : stack) {
                    dump.append("\n    at ").append(frame);
                }
            }
        });
        return dump.toString();
    }

    synchronized List<Push> pushes() {
        List<Push> pushes = new ArrayList<>();
        values("push").forEach(value -> pushes.add((Push) value));
        return pushes;
    }

    /** The kinds of the events so far, in order, without the pushes. */
    synchronized List<String> kinds() {
        return events.stream().map(Event::kind).filter(kind -> !kind.equals("push")).toList();
    }

    /** The names of the threads the events came on. */
    synchronized Set<String> threadNames() {
        return Set.copyOf(threads);
    }

    synchronized int count(String kind) {
        return values(kind).size();
    }

    private List<Object> values(String kind) {
        return events.stream().filter(event -> event.kind().equals(kind)).map(Event::value).toList();
    }

    @Override
    public synchronized String toString() {
        return events.toString();
    }
}
