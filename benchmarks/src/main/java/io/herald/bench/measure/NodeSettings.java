package io.herald.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a node was started, for a run's report: its command line, and those of its environment variables that
 * set it ({@code HERALD_*}) or its JVM ({@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS}, {@code JAVA_OPTS}),
 * read from /proc where the node runs on this machine. Secrets are redacted: the value of any flag, property or
 * variable whose name speaks of a secret, key, password, token or credential, and the password of any URL.
 * A run against several nodes has one of these per sampled node. Called from the run's thread.
 *
 * @param node        which node: its API address, or its pid where only that was given
 * @param known       whether the node's process could be read
 * @param source      where the settings come from, or why they are unknown
 * @param commandLine the node's arguments, the program first; empty where unknown
 * @param environment the variables above, sorted by name; empty where unknown or unreadable
 */
public record NodeSettings(String node, boolean known, String source, List<String> commandLine,
                           Map<String, String> environment) {

    static final String REDACTED = "(redacted)";

    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(secret|key|passw|pwd|token|credential).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("(\\w[\\w+.-]*://[^/@:\\s]*:)([^/@\\s]*)(@)");
    private static final List<String> JVM_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS");

    public NodeSettings {
        commandLine = List.copyOf(commandLine);
        environment = Collections.unmodifiableMap(new TreeMap<>(environment));
    }

    /** Settings of {@code node} that could not be read, and why. */
    static NodeSettings unknown(String node, String why) {
        return new NodeSettings(node, false, why, List.of(), Map.of());
    }

    /**
     * The settings of each of {@code nodes}, in their order; where none was sampled, one unknown entry for the
     * node at {@code firstApi}.
     */
    public static List<NodeSettings> of(List<SampledNodes.Node> nodes, String firstApi) {
        if (nodes.isEmpty()) {
            return List.of(read(firstApi, 0));
        }
        return nodes.stream().map(n -> read(n.name(), n.pid())).toList();
    }

    /** The settings of {@code node}, process {@code pid} here; unknown where it is 0 or /proc cannot tell. */
    static NodeSettings read(String node, long pid) {
        if (pid <= 0) {
            return unknown(node, "unknown: the node's process was not sampled (see the notes)");
        }
        Path proc = Path.of("/proc", Long.toString(pid));
        String cmdline;
        try {
            cmdline = Files.readString(proc.resolve("cmdline"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return unknown(node, "unknown: cannot read " + proc.resolve("cmdline") + " (" + e.getClass().getSimpleName()
                    + ")");
        }
        String environ;
        try {
            environ = Files.readString(proc.resolve("environ"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // Another user's process: its command line is public, its environment is not.
            environ = null;
        }
        return parse(node, cmdline, environ, "process " + pid + ", from " + proc
                + (environ == null ? " (its environment is not readable)" : ""));
    }

    /** Settings from the text of /proc/[pid]/cmdline and /proc/[pid]/environ (null: unreadable). */
    static NodeSettings parse(String node, String cmdline, String environ, String source) {
        if (cmdline.isEmpty()) {
            return unknown(node, "unknown: " + source + " has no command line (a kernel thread, or it exited)");
        }
        return new NodeSettings(node, true, source, redactArguments(split(cmdline)),
                environ == null ? Map.of() : relevantVariables(split(environ)));
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
     * Arguments with the value of every secret flag hidden: {@code --secret S}, {@code --api-key=K},
     * {@code -Dx.password=P}; and the passwords of URLs.
     */
    static List<String> redactArguments(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        boolean hideNext = false;
        for (String arg : args) {
            if (hideNext) {
                out.add(REDACTED);
                hideNext = false;
                continue;
            }
            int eq = arg.indexOf('=');
            if (arg.startsWith("-") && eq > 0) {
                String name = arg.substring(0, eq);
                out.add(secret(name) ? name + "=" + REDACTED : name + "=" + redactUrl(arg.substring(eq + 1)));
            } else {
                hideNext = arg.startsWith("-") && secret(arg);
                out.add(redactUrl(arg));
            }
        }
        return out;
    }

    private static Map<String, String> relevantVariables(List<String> variables) {
        Map<String, String> m = new TreeMap<>();
        for (String variable : variables) {
            int eq = variable.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = variable.substring(0, eq);
            String value = variable.substring(eq + 1);
            if (JVM_VARIABLES.contains(name)) {
                m.put(name, String.join(" ", redactArguments(List.of(value.trim().split("\\s+")))));
            } else if (name.startsWith("HERALD_")) {
                m.put(name, secret(name) ? REDACTED : redactUrl(value));
            }
        }
        return m;
    }

    private static boolean secret(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** Hides the password of any URL in {@code value}: {@code redis://u:pw@h} reads {@code redis://u:(redacted)@h}. */
    static String redactUrl(String value) {
        Matcher m = URL_PASSWORD.matcher(value);
        return m.find() ? m.replaceAll("$1" + Matcher.quoteReplacement(REDACTED) + "$3") : value;
    }
}
