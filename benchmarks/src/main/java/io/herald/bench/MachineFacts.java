package io.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a run ran on, for its result: figures are only comparable between like machines.
 *
 * @param cores     processors the JVM sees
 * @param cpuModel  from /proc/cpuinfo
 * @param memoryKiB total memory, from /proc/meminfo; -1 where unknown
 * @param kernel    the kernel release
 * @param jvm       the JVM's name and version
 * @param transport the client's socket transport, epoll or nio
 */
public record MachineFacts(int cores, String cpuModel, long memoryKiB, String kernel, String jvm, String transport) {

    static MachineFacts read(Transport transport) {
        return new MachineFacts(Runtime.getRuntime().availableProcessors(),
                ProcText.cpuModel(readOr("/proc/cpuinfo", "")),
                ProcText.memTotalKiB(readOr("/proc/meminfo", "")),
                readOr("/proc/sys/kernel/osrelease", System.getProperty("os.name") + " "
                        + System.getProperty("os.version")).trim(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                transport.name());
    }

    private static String readOr(String file, String fallback) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }
}
