package io.herald.bench.measure;

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

    /** The facts of this machine, for a client on {@code transport}. */
    public static MachineFacts read(String transport) {
        return new MachineFacts(Runtime.getRuntime().availableProcessors(),
                ProcText.cpuModel(ProcText.readOr("/proc/cpuinfo", "")),
                ProcText.memTotalKiB(ProcText.readOr("/proc/meminfo", "")),
                ProcText.readOr("/proc/sys/kernel/osrelease", System.getProperty("os.name") + " "
                        + System.getProperty("os.version")).trim(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                transport);
    }
}
