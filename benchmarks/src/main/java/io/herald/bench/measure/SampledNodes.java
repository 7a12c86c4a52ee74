package io.herald.bench.measure;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the nodes' processes a run samples for CPU and memory: the pids given, or the processes listening on each
 * API port of this machine. Called once, from the run's thread.
 */
public final class SampledNodes {

    /**
     * One node's processes.
     *
     * @param position its place in the run's lists of addresses, which is also that of its client address
     * @param name     its API address, or its pid where only that was given
     * @param pid      its (main) process id
     * @param pids     all of its processes, {@code pid} first: one for Herald, nginx's master and workers for nchan
     */
    public record Node(int position, String name, long pid, List<Long> pids) {

        public Node {
            pids = List.copyOf(pids);
        }

        /** A node of one process. */
        public Node(int position, String name, long pid) {
            this(position, name, pid, List.of(pid));
        }
    }

    private SampledNodes() {
    }

    /**
     * The nodes that can be sampled, of a run against {@code nodes} client addresses; why the others cannot goes
     * to {@code notes}.
     *
     * @param serverPids the nodes' process ids as given, in the order of their addresses; empty to look them up
     * @param apis       the nodes' API addresses, one or one per node
     */
    public static List<Node> find(List<Long> serverPids, List<URI> apis, int nodes, List<String> notes) {
        List<Node> found = new ArrayList<>();
        if (!serverPids.isEmpty()) {
            for (int i = 0; i < serverPids.size(); i++) {
                long pid = serverPids.get(i);
                found.add(new Node(i, i < apis.size() ? apis.get(i).toString() : "pid " + pid, pid));
            }
            return List.copyOf(found);
        }
        for (int i = 0; i < apis.size(); i++) {
            URI api = apis.get(i);
            long pid = listener(api, notes);
            if (pid > 0) {
                found.add(new Node(i, api.toString(), pid));
            }
        }
        if (apis.size() < nodes) {
            notes.add("one --api for " + nodes + " nodes: only its node is sampled (give one --api, "
                    + "or --server-pid, per --ws to sample them all)");
        }
        return List.copyOf(found);
    }

    /**
     * The one server of a run against a server of several processes (nginx with nchan), as one node: the processes
     * given, or else the one listening on {@code api}'s port, each with the rest of its server. That is its parent
     * where the parent runs the same program (a worker's master), and every descendant (the master's workers), found
     * now: a worker that nginx starts later (after one crashed) is not sampled.
     */
    public static List<Node> findServer(List<Long> serverPids, URI api, List<String> notes) {
        List<Long> given = serverPids;
        if (given.isEmpty()) {
            long pid = listener(api, notes);
            if (pid == 0) {
                return List.of();
            }
            given = List.of(pid);
        }
        Set<Long> processes = new LinkedHashSet<>();
        for (long pid : given) {
            processes.addAll(serverOf(pid));
        }
        List<Long> pids = List.copyOf(processes);
        notes.add("the server at " + api + " is " + pids.size() + " processes (pids " + pids.stream()
                .map(String::valueOf).collect(Collectors.joining(",")) + "): their CPU and memory are added up");
        return List.of(new Node(0, api.toString(), pids.get(0), pids));
    }

    /** {@code pid}'s server: its topmost ancestor running the same program, then all that one's descendants. */
    static List<Long> serverOf(long pid) {
        ProcessHandle process = ProcessHandle.of(pid).orElse(null);
        if (process == null) {
            return List.of(pid); // gone or not visible: sampling it says so
        }
        Optional<String> program = process.info().command();
        while (program.isPresent()) {
            ProcessHandle parent = process.parent().orElse(null);
            if (parent == null || !parent.info().command().equals(program)) {
                break;
            }
            process = parent;
        }
        List<Long> pids = new ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(p -> pids.add(p.pid()));
        return pids;
    }

    /** The process listening on the API's port here, or 0 with a note why there is none to sample. */
    private static long listener(URI api, List<String> notes) {
        if (!isLocal(api.getHost())) {
            notes.add("the node at " + api + " is not on this machine: no CPU or memory figures for it");
            return 0;
        }
        int port = api.getPort() == -1 ? 80 : api.getPort();
        long pid = ProcessSampler.findListener(port);
        if (pid == 0) {
            notes.add("no process seen listening on port " + port + ": no node CPU or memory figures for it "
                    + "(give --server-pid)");
        } else if (pid == ProcessHandle.current().pid()) {
            notes.add("the node at " + api + " runs in this process: no separate CPU or memory figures for it");
            return 0;
        }
        return pid;
    }

    /**
     * The process listening on {@code address}'s port here, or 0 where none can be seen (another machine, another
     * user's process, not Linux). Slow: call once.
     */
    public static long listenerOf(URI address) {
        return isLocal(address.getHost()) ? ProcessSampler.findListener(address.getPort() == -1 ? 80
                : address.getPort()) : 0;
    }

    private static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
