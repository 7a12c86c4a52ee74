package io.herald.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's live heap, read from outside without JMX: {@code jcmd PID GC.run} (a full collection, so that what is
 * left is what the node holds, not what it has yet to collect), then {@code jcmd PID GC.heap_info}, whose
 * generations' {@code used} figures add up to the heap in use. The JDK's own jcmd, next to this JVM's java. Blocks
 * for as long as jcmd takes (a fraction of a second); call it from a thread that may wait.
 */
public final class NodeHeap {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final long TIMEOUT_SECONDS = 30;

    private final long pid;
    private final Path jcmd;

    public NodeHeap(long pid) {
        this.pid = pid;
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    /** Whether there is a node to read and a jcmd to read it with. */
    public boolean available() {
        return pid > 0 && Files.isExecutable(jcmd);
    }

    /** The heap the node uses after a full collection, in bytes; -1 where it cannot be read. */
    public long liveBytes() {
        if (!available()) {
            return -1;
        }
        try {
            run("GC.run");
            return usedBytes(run("GC.heap_info"));
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The heap in use that {@code GC.heap_info} reports: the {@code used} of each generation (or of the one heap, for
     * G1), not of the metaspace; -1 where it reports none.
     */
    static long usedBytes(String heapInfo) {
        long kib = 0;
        boolean any = false;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = USED.matcher(line);
            if (m.find()) {
                kib += Long.parseLong(m.group(1));
                any = true;
            }
        }
        return any ? kib * 1024 : -1;
    }

    private String run(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                .redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " failed: " + new String(out,
                    StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
