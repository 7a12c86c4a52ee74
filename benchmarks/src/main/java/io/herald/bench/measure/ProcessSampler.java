package io.herald.bench.measure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Samples the CPU time and resident memory of the nodes' processes (from /proc, where they run on this machine)
 * and of the client's, this one and its worker processes, so a run can say what each operation cost on either
 * side. Called from the run's thread and from the progress timer; thread-safe.
 *
 * <p>A node may be several processes, such as nginx's master and its workers: their CPU times and resident memories
 * are added up, as one node's.
 *
 * <p>A node that a run kills and starts again stays one node: from {@link #down} on its CPU time holds at what its
 * process had used and its memory is none, and after {@link #replaced} its new process's CPU time adds to that, so
 * that the CPU time of every node only ever grows, as its readings over time take it to.
 */
public final class ProcessSampler {

    private static final Path PROC = Path.of("/proc");

    /** Each node's processes, the first its main one. */
    private final AtomicReferenceArray<long[]> serverPids;
    private final AtomicLongArray cpuBefore;
    private final AtomicIntegerArray down;
    private final List<Long> workerPids;
    private final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

    /** @param serverPid the node's process id; 0 samples this process only */
    ProcessSampler(long serverPid) {
        this(serverPid > 0 ? List.of(serverPid) : List.of(), List.of());
    }

    /**
     * @param serverPids the nodes' process ids, one process each; none samples the client only
     * @param workerPids the client's worker processes, whose CPU time counts as the client's
     */
    public ProcessSampler(List<Long> serverPids, List<Long> workerPids) {
        this(serverPids.stream().map(pid -> new long[] {pid}).toArray(long[][]::new), workerPids);
    }

    /**
     * @param serverProcesses each node's processes, its main one first; none samples the client only
     * @param workerPids      the client's worker processes, whose CPU time counts as the client's
     */
    private ProcessSampler(long[][] serverProcesses, List<Long> workerPids) {
        this.serverPids = new AtomicReferenceArray<>(serverProcesses);
        this.cpuBefore = new AtomicLongArray(serverProcesses.length);
        this.down = new AtomicIntegerArray(serverProcesses.length);
        this.workerPids = List.copyOf(workerPids);
    }

    /** Samples {@code nodes}, each with all of its processes, and the client with its {@code workerPids}. */
    public static ProcessSampler of(List<SampledNodes.Node> nodes, List<Long> workerPids) {
        return new ProcessSampler(nodes.stream().map(n -> n.pids().stream().mapToLong(Long::longValue).toArray())
                .toArray(long[][]::new), workerPids);
    }

    /** The first node's (main) process id, or 0 where no node is sampled. */
    public long serverPid() {
        return serverPids.length() == 0 ? 0 : serverPids.get(0)[0];
    }

    /**
     * The {@code i}-th node's process is about to be killed: its CPU time holds at what it has used (-1 where that
     * cannot be read), and it holds no memory, until {@link #replaced}.
     */
    public void down(int i) {
        long used = cpuNanos(serverPids.get(i));
        long before = cpuBefore.get(i);
        cpuBefore.set(i, used < 0 || before < 0 ? -1 : before + used);
        down.set(i, 1);
    }

    /** The {@code i}-th node runs again as process {@code pid}, whose CPU time adds to its old processes'. */
    public void replaced(int i, long pid) {
        serverPids.set(i, new long[] {pid});
        down.set(i, 0);
    }

    /**
     * CPU time and resident memory of both sides at one moment.
     *
     * @param nanoTime       when ({@link System#nanoTime()})
     * @param serverCpuNanos the nodes' CPU time, added up; -1 where one of them is not sampled
     * @param serverRssBytes the nodes' resident memory, added up; -1 where one of them is not sampled
     * @param clientCpuNanos the client's CPU time, this process's and its workers'; -1 where unknown
     * @param clientRssBytes the client's resident memory, this process's and its workers'; -1 where /proc cannot
     *                       tell
     * @param serverCpuEach  each node's CPU time, in the order of their pids; -1 where not sampled
     * @param serverRssEach  each node's resident memory; -1 where not sampled
     */
    public record Sample(long nanoTime, long serverCpuNanos, long serverRssBytes, long clientCpuNanos,
                         long clientRssBytes, long[] serverCpuEach, long[] serverRssEach) {
    }

    public Sample sample() {
        long now = System.nanoTime();
        long[] cpu = new long[serverPids.length()];
        long[] rss = new long[serverPids.length()];
        for (int i = 0; i < cpu.length; i++) {
            long before = cpuBefore.get(i);
            if (down.get(i) == 1) {
                cpu[i] = before;
                rss[i] = 0;
            } else {
                long used = cpuNanos(serverPids.get(i));
                cpu[i] = used < 0 || before < 0 ? -1 : before + used;
                rss[i] = rssBytes(serverPids.get(i));
            }
        }
        return new Sample(now, sum(cpu), sum(rss), clientCpuNanos(), clientRssBytes(), cpu, rss);
    }

    /** The sum, or -1 where there is nothing to add or one value is unknown. */
    private static long sum(long[] values) {
        long sum = 0;
        for (long v : values) {
            if (v < 0) {
                return -1;
            }
            sum += v;
        }
        return values.length == 0 ? -1 : sum;
    }

    private long clientCpuNanos() {
        long own = os instanceof com.sun.management.OperatingSystemMXBean hotspot ? hotspot.getProcessCpuTime()
                : ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
        long[] all = new long[workerPids.size() + 1];
        all[0] = own;
        for (int i = 0; i < workerPids.size(); i++) {
            all[i + 1] = cpuNanos(workerPids.get(i));
        }
        return sum(all);
    }

    /** A process's CPU time; -1 where it exited or this is not Linux. */
    private static long cpuNanos(long pid) {
        return ProcText.readNumber(PROC.resolve(pid + "/stat"), ProcText::cpuNanos);
    }

    /** The CPU time of a node's processes, added up; -1 where one of them cannot be read. */
    private static long cpuNanos(long[] pids) {
        long[] each = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            each[i] = cpuNanos(pids[i]);
        }
        return sum(each);
    }

    /** The resident memory of a node's processes, added up; -1 where one of them cannot be read. */
    private static long rssBytes(long[] pids) {
        long[] each = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            each[i] = rssBytes(Long.toString(pids[i]));
        }
        return sum(each);
    }

    /** A process's resident memory ({@code self}: this one's); -1 where it exited or this is not Linux. */
    private static long rssBytes(String process) {
        return ProcText.readNumber(PROC.resolve(process + "/status"), ProcText::rssBytes);
    }

    private long clientRssBytes() {
        long[] all = new long[workerPids.size() + 1];
        all[0] = rssBytes("self");
        for (int i = 0; i < workerPids.size(); i++) {
            all[i + 1] = rssBytes(Long.toString(workerPids.get(i)));
        }
        return sum(all);
    }

    /**
     * The process listening on TCP {@code port} on this machine, found through the socket's inode in
     * /proc/net/tcp and /proc/net/tcp6 and the /proc/[pid]/fd links that point at it; 0 where none can be seen
     * (another user's process, a container, not Linux). Best effort, and slow: call once.
     */
    static long findListener(int port) {
        Set<Long> inodes = new HashSet<>();
        for (String table : new String[] {"net/tcp", "net/tcp6"}) {
            try {
                inodes.addAll(ProcText.listeningInodes(Files.readString(PROC.resolve(table)), port));
            } catch (IOException | RuntimeException e) {
                // No such table (IPv6 off) or not Linux.
            }
        }
        if (inodes.isEmpty()) {
            return 0;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName()))) {
            for (Path process : processes) {
                if (holdsAny(process, inodes)) {
                    return Long.parseLong(process.getFileName().toString());
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static boolean holdsAny(Path process, Set<Long> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    if (inodes.contains(ProcText.socketInode(Files.readSymbolicLink(fd).toString()))) {
                        return true;
                    }
                } catch (IOException e) {
                    // The descriptor closed while we looked.
                }
            }
        } catch (IOException | SecurityException e) {
            // Another user's process, or gone.
        }
        return false;
    }

    private static boolean isNumber(Path name) {
        String s = name.toString();
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
