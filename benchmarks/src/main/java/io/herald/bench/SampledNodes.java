package io.herald.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the nodes' processes a run samples for CPU and memory: the pids given, or the processes listening on each
 * API port of this machine. Called once, from the run's thread.
 */
final class SampledNodes {

    /**
     * One node's process.
     *
     * @param position its place in the run's lists of addresses, which is also that of its client address
     * @param name     its API address, or its pid where only that was given
     * @param pid      its process id
     */
    record Node(int position, String name, long pid) {
    }

    private SampledNodes() {
    }

    /** The nodes that can be sampled; why the others cannot goes to {@code notes}. */
    static List<Node> find(BenchConfig config, List<String> notes) {
        List<Node> nodes = new ArrayList<>();
        if (!config.serverPids().isEmpty()) {
            for (int i = 0; i < config.serverPids().size(); i++) {
                long pid = config.serverPids().get(i);
                nodes.add(new Node(i, i < config.api().size() ? config.api().get(i).toString() : "pid " + pid, pid));
            }
            return List.copyOf(nodes);
        }
        for (int i = 0; i < config.api().size(); i++) {
            URI api = config.api().get(i);
            long pid = listener(api, notes);
            if (pid > 0) {
                nodes.add(new Node(i, api.toString(), pid));
            }
        }
        if (config.api().size() < config.ws().size()) {
            notes.add("one --api for " + config.ws().size() + " nodes: only its node is sampled (give one --api, "
                    + "or --server-pid, per --ws to sample them all)");
        }
        return List.copyOf(nodes);
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

    private static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
