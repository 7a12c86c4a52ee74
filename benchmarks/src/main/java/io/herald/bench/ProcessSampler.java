package io.herald.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Samples the CPU time and resident memory of the node's process (from /proc, where it runs on this machine) and
 * of this one, so a run can say what each operation cost on either side. Keeps no state: called from the run's
 * thread and from the progress timer.
 */
final class ProcessSampler {

    private static final Path PROC = Path.of("/proc");

    private final long serverPid;
    private final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

    /** @param serverPid the node's process id; 0 samples this process only */
    ProcessSampler(long serverPid) {
        this.serverPid = serverPid;
    }

    long serverPid() {
        return serverPid;
    }

    /**
     * CPU time and resident memory of both sides at one moment.
     *
     * @param nanoTime       when ({@link System#nanoTime()})
     * @param serverCpuNanos the node's CPU time; -1 where it is not sampled
     * @param serverRssBytes the node's resident memory; -1 where it is not sampled
     * @param clientCpuNanos this process's CPU time
     * @param clientRssBytes this process's resident memory; -1 where /proc cannot tell
     */
    record Sample(long nanoTime, long serverCpuNanos, long serverRssBytes, long clientCpuNanos, long clientRssBytes) {
    }

    Sample sample() {
        long now = System.nanoTime();
        long serverCpu = -1;
        long serverRss = -1;
        if (serverPid > 0) {
            try {
                serverCpu = ProcText.cpuNanos(Files.readString(PROC.resolve(serverPid + "/stat")));
                serverRss = ProcText.rssBytes(Files.readString(PROC.resolve(serverPid + "/status")));
            } catch (IOException | RuntimeException e) {
                // The node exited, or this is not Linux: its figures stay unknown.
            }
        }
        return new Sample(now, serverCpu, serverRss, clientCpuNanos(), clientRss());
    }

    private long clientCpuNanos() {
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            return hotspot.getProcessCpuTime();
        }
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
    }

    private static long clientRss() {
        try {
            return ProcText.rssBytes(Files.readString(PROC.resolve("self/status")));
        } catch (IOException e) {
            return -1;
        }
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
