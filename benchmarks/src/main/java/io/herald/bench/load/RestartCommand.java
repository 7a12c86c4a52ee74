package io.herald.bench.load;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start a node's process again exactly as it was started: its arguments, its whole environment and its
 * working directory, read from Linux's {@code /proc/<pid>} ({@code cmdline}, {@code environ}, {@code cwd}) while
 * it runs, and where its output went ({@code fd/1}, {@code fd/2}), so that a restarted node writes on where the
 * killed one wrote. Output that went to a pipe or a socket cannot be opened again once its process is gone: it
 * goes to a file instead. Immutable.
 *
 * @param command     the program and its arguments
 * @param environment every variable, secrets included: the process needs them; never print them
 * @param directory   the working directory
 * @param output      where standard output went: a path, or what {@code /proc} says of a pipe or socket
 * @param error       where standard error went, likewise
 */
public record RestartCommand(List<String> command, Map<String, String> environment, Path directory, String output,
                             String error) {

    private static final Path PROC = Path.of("/proc");
    private static final String DELETED = " (deleted)";
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    public RestartCommand {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command: empty (expected: the program and its arguments)");
        }
    }

    /**
     * Reads process {@code pid}'s command from /proc.
     *
     * @throws LoadException where it cannot be read: not Linux, the process gone, or another user's process, whose
     *                       environment is not readable
     */
    public static RestartCommand read(long pid) {
        Path proc = PROC.resolve(Long.toString(pid));
        try {
            String cmdline = Files.readString(proc.resolve("cmdline"), StandardCharsets.UTF_8);
            String environ = Files.readString(proc.resolve("environ"), StandardCharsets.UTF_8);
            Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
            return parse(cmdline, environ, cwd, target(proc.resolve("fd/1")), target(proc.resolve("fd/2")));
        } catch (IOException | RuntimeException e) {
            throw new LoadException("cannot read how process " + pid + " was started from " + proc + " ("
                    + e.getClass().getSimpleName() + "): the bench restarts a node it kills, so it must run on the "
                    + "node's machine, as the node's user", e);
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | RuntimeException e) {
            return "closed";
        }
    }

    /**
     * A command from the text of {@code /proc/<pid>/cmdline} and {@code environ} (NUL-separated), the target of
     * {@code cwd}, and those of {@code fd/1} and {@code fd/2}.
     */
    static RestartCommand parse(String cmdline, String environ, Path cwd, String output, String error) {
        List<String> command = split(cmdline);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command line: a kernel thread, or a process that exited");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (String variable : split(environ)) {
            int eq = variable.indexOf('=');
            if (eq > 0) {
                environment.put(variable.substring(0, eq), variable.substring(eq + 1));
            }
        }
        return new RestartCommand(command, environment, cwd, output, error);
    }

    /** The values of NUL-separated text, without the last NUL's empty tail. */
    private static List<String> split(String nulSeparated) {
        List<String> values = new ArrayList<>(List.of(nulSeparated.split("\0", -1)));
        if (!values.isEmpty() && values.get(values.size() - 1).isEmpty()) {
            values.remove(values.size() - 1);
        }
        return values;
    }

    /**
     * Where output that went to {@code target} goes now: the same file or terminal where it was one, appended to;
     * {@code fallback} where it was a pipe, a socket, nothing, or a file since deleted.
     */
    static File reopenable(String target, File fallback) {
        boolean path = target.startsWith("/") && !target.endsWith(DELETED);
        return path ? new File(target) : fallback;
    }

    /**
     * Starts the command again: its environment alone, its directory, its output appended where it went, standard
     * input from {@code /dev/null}. It runs in a session of its own ({@code setsid}, where there is one), so that
     * it outlives this process and a Ctrl-C meant for the bench does not reach it.
     *
     * @param fallback where output goes that cannot go where it went
     */
    public Process start(File fallback) throws IOException {
        List<String> args = new ArrayList<>();
        SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(s -> args.add(s.toString()));
        args.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(args).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(reopenable(output, fallback)))
                .redirectError(ProcessBuilder.Redirect.appendTo(reopenable(error, fallback)));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Whether some of its output goes to {@code fallback} rather than where it went. */
    public boolean needsFallback() {
        File none = new File("");
        return reopenable(output, none) == none || reopenable(error, none) == none;
    }

    /** Says what it holds without the values: arguments and variables may hold secrets. */
    @Override
    public String toString() {
        return "RestartCommand[" + command.size() + " arguments, " + environment.size() + " variables, in "
                + directory + "]";
    }
}
