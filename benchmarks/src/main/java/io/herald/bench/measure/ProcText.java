package io.herald.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Reads the text of Linux's /proc files: a process's CPU time and resident memory, the sockets listening on a
 * port, the machine's CPU model and memory, the open-file limit. The readers of the text are pure functions, so
 * they are tested on samples; {@link #readOr} and {@link #readNumber} read the files, and fall back where a file
 * cannot be read (not Linux, a process gone, another user's).
 */
public final class ProcText {

    /**
     * Clock ticks per second of {@code utime} and {@code stime}: USER_HZ, 100 on every Linux architecture that
     * runs a JVM (it is part of the kernel's ABI; Java cannot call {@code sysconf(_SC_CLK_TCK)}).
     */
    static final long TICKS_PER_SECOND = 100;

    private static final int LISTEN = 0x0A;

    private ProcText() {
    }

    /** This process's soft limit on open files, from /proc/self/limits; -1 where unlimited or unknown. */
    public static long openFilesLimit() {
        return readNumber(Path.of("/proc/self/limits"), ProcText::openFilesLimit);
    }

    /** The text of {@code file}, or {@code fallback} where it cannot be read. */
    static String readOr(String file, String fallback) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    /** What {@code parse} reads from the text of {@code file}; -1 where it cannot be read or parsed. */
    static long readNumber(Path file, ToLongFunction<String> parse) {
        try {
            return parse.applyAsLong(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** User plus system CPU time, in nanoseconds, from {@code /proc/<pid>/stat}: all threads, reaped ones too. */
    static long cpuNanos(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state); utime and stime are fields 14 and 15.
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** Resident memory in bytes, from the {@code VmRSS} line of {@code /proc/<pid>/status}; -1 without one. */
    static long rssBytes(String status) {
        long kib = kibibytes(status, "VmRSS:");
        return kib < 0 ? -1 : kib * 1024;
    }

    /** The {@code MemTotal} of {@code /proc/meminfo}, in KiB; -1 without one. */
    static long memTotalKiB(String meminfo) {
        return kibibytes(meminfo, "MemTotal:");
    }

    private static long kibibytes(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key)) {
                String[] f = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(f[0]);
            }
        }
        return -1;
    }

    /**
     * The soft limit on open files from {@code /proc/<pid>/limits} ({@code Max open files  <soft>  <hard>  files}),
     * what {@code ulimit -n} says; -1 where it is unlimited or missing. (The JVM raises its soft limit to the hard
     * one as it starts, so in a JVM this is {@code ulimit -Hn}.)
     */
    static long openFilesLimit(String limits) {
        String key = "Max open files";
        for (String line : limits.split("\n")) {
            if (line.startsWith(key)) {
                String soft = line.substring(key.length()).trim().split("\\s+")[0];
                return soft.chars().allMatch(Character::isDigit) && !soft.isEmpty() ? Long.parseLong(soft) : -1;
            }
        }
        return -1;
    }

    /** The first {@code model name} of {@code /proc/cpuinfo}; "unknown" without one. */
    static String cpuModel(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
                return line.substring(colon + 1).trim();
            }
        }
        return "unknown";
    }

    /**
     * The inodes of the sockets listening on {@code port} in {@code /proc/net/tcp} or {@code /proc/net/tcp6}:
     * lines of {@code sl local_address rem_address st … inode}, addresses as {@code HEXADDR:HEXPORT}.
     */
    static Set<Long> listeningInodes(String netTcp, int port) {
        Set<Long> inodes = new HashSet<>();
        String[] lines = netTcp.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            String local = f[1];
            int localPort = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
            if (localPort == port && Integer.parseInt(f[3], 16) == LISTEN) {
                inodes.add(Long.parseLong(f[9]));
            }
        }
        return inodes;
    }

    /** The inode of a socket from the target of a {@code /proc/<pid>/fd} link, {@code socket:[123]}; -1 otherwise. */
    static long socketInode(String linkTarget) {
        if (!linkTarget.startsWith("socket:[") || !linkTarget.endsWith("]")) {
            return -1;
        }
        return Long.parseLong(linkTarget.substring("socket:[".length(), linkTarget.length() - 1));
    }
}
