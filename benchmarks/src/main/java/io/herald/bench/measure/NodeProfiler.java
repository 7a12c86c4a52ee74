package io.herald.bench.measure;

import one.profiler.AsyncProfilerLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CPU profiles of the nodes over the phases a run measures, taken by async-profiler attached to each node's JVM
 * (sampling every millisecond of CPU): {@code connect}, and the pushes ({@code unicast}, {@code broadcast} or
 * {@code cluster}, their drain included). For each phase and node it writes {@code PHASE-NODE.html}, a flame graph,
 * and {@code PHASE-NODE.collapsed}, the folded stacks (one line a stack, for diffing two runs), into its directory.
 * A node it cannot attach to (the run's own JVM, or async-profiler refused) is named in the run's notes once and
 * left out. Told the phases by the run's thread; not thread-safe.
 */
public final class NodeProfiler {

    /** The phases profiled: the connects, and the measured pushes. */
    private static final Set<String> PROFILED = Set.of("connect", "unicast", "broadcast", "cluster");
    /** Phases that go on with the profile running: the pushes' drain is part of what they cost. */
    private static final Set<String> CONTINUING = Set.of("drain");
    private static final String INTERVAL = "1ms";

    private final Path dir;
    private final List<Target> targets;
    private final List<String> notes;
    private String running;

    private record Target(String file, long pid) {
    }

    private NodeProfiler(Path dir, List<Target> targets, List<String> notes) {
        this.dir = dir;
        this.targets = targets;
        this.notes = notes;
    }

    /** Profiles nothing. */
    public static NodeProfiler none() {
        return new NodeProfiler(null, List.of(), List.of());
    }

    /**
     * Profiles {@code nodes} into {@code dir} (created where missing); what cannot be profiled goes to
     * {@code notes}.
     */
    public static NodeProfiler of(Path dir, List<SampledNodes.Node> nodes, List<String> notes) throws IOException {
        if (!AsyncProfilerLoader.isSupported()) {
            notes.add("no profiles: async-profiler does not run on this platform");
            return none();
        }
        Files.createDirectories(dir);
        List<Target> targets = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (SampledNodes.Node node : nodes) {
            if (node.pid() == self) {
                notes.add("no profile of " + node.name() + ": the node runs in this process");
            } else {
                targets.add(new Target(fileName(node.name()), node.pid()));
            }
        }
        return new NodeProfiler(dir, List.copyOf(targets), notes);
    }

    /** A node's name as part of a file name: {@code http://127.0.0.1:8081} becomes {@code 127.0.0.1-8081}. */
    static String fileName(String node) {
        return node.replaceFirst("^[a-z]+://", "").replaceAll("[^A-Za-z0-9.]+", "-").replaceAll("^-|-$", "");
    }

    /** The run entered {@code phase}: ends the profile running, unless the phase continues it, and starts one. */
    public void phase(String phase) {
        if (running != null && CONTINUING.contains(phase)) {
            return;
        }
        stop();
        if (PROFILED.contains(phase) && !targets.isEmpty()) {
            for (Target target : targets) {
                profiler(target, "start", "-e", "cpu", "-i", INTERVAL, String.valueOf(target.pid()));
            }
            running = phase;
        }
    }

    /** The run ended: writes the profile running, if any. */
    public void finish() {
        stop();
    }

    private void stop() {
        if (running == null) {
            return;
        }
        for (Target target : targets) {
            String base = dir.resolve(running + "-" + target.file()).toString();
            String pid = String.valueOf(target.pid());
            profiler(target, "dump", "-o", "collapsed", "-f", base + ".collapsed", pid);
            profiler(target, "stop", "-o", "flamegraph", "--title", running + " on " + target.file(), "-f",
                    base + ".html", pid);
        }
        running = null;
    }

    private void profiler(Target target, String... args) {
        try {
            AsyncProfilerLoader.executeProfiler(args);
        } catch (IOException | RuntimeException e) {
            String note = "profile of pid " + target.pid() + " (" + args[0] + "): " + e.getMessage();
            if (!notes.contains(note)) {
                notes.add(note);
            }
        }
    }
}
