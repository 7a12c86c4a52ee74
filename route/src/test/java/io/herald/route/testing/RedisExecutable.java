package io.herald.route.testing;

import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real {@code redis-server} binary that the embedded-redis artifact bundles, extracted once per JVM into
 * one temporary root folder, and the launcher of every Redis process the tests start.
 *
 * <p>Everything lives under that root: the binary and each server's working folder. A JVM shutdown hook
 * kills the servers still running (a test that forgot to close one, or a fork being torn down) and then
 * deletes the root, so a test run leaves neither processes nor folders behind. This JVM-wide registry
 * exists for that clean-up only. Thread-safe: any test thread may call it.
 */
final class RedisExecutable {

    private static final Path ROOT;
    private static final Path BINARY;
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        try {
            ROOT = Files.createTempDirectory("herald-redis-");
            // embedded-redis picks the binary for this OS and architecture and makes it executable.
            BINARY = ExecutableProvider.newJarResourceProvider(ROOT.toFile()).get().toPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled redis-server", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(RedisExecutable::cleanUp, "redis-clean-up"));
    }

    private RedisExecutable() {
    }

    /** A new empty working folder for one server, under the per-JVM root. */
    static Path newWorkDir() {
        try {
            return Files.createTempDirectory(ROOT, "server-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code redis-server} with these arguments in {@code dir}, its output appended to {@code log}. */
    static Process start(List<String> args, Path dir, Path log) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(BINARY.toString());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()))
                    .start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
    }

    /** Deletes a folder and everything in it; a folder already gone is fine. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void cleanUp() {
        List<Process> running = List.copyOf(RUNNING);
        running.forEach(Process::destroyForcibly);
        for (Process process : running) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        deleteRecursively(ROOT);
    }
}
