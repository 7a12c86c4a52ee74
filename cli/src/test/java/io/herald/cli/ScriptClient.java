package io.herald.cli;

import io.herald.gateway.JsonTree;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket client in another language, run as a process: {@code COMMAND… URL}. The script prints {@code OPEN}
 * once connected, each text frame it receives as one line, and {@code CLOSE <code>} when the connection ends; each
 * line written to its stdin is one text frame to send, but {@code close}, which closes with 1000
 * ({@code cli/src/test/node/client.js}, {@code cli/src/test/node/browser.js},
 * {@code cli/src/test/python/client.py}). Its output lines go into a queue that a reader thread fills; the test
 * thread reads them with a bound.
 */
final class ScriptClient implements InteropClient {

    private static final String END = "\u0000end";

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();

    private ScriptClient(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, "script-client-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command… uri} in {@code directory} and returns once the script says it is connected. */
    static ScriptClient connect(Path directory, List<String> command, URI uri) {
        return connect(directory, command, uri, WsClient.WAIT);
    }

    /**
     * As {@link #connect(Path, List, URI)}, waiting up to {@code openWait} for {@code OPEN}: longer for a script that
     * starts a browser first.
     */
    static ScriptClient connect(Path directory, List<String> command, URI uri, Duration openWait) {
        List<String> full = new ArrayList<>(command);
        full.add(uri.toString());
        try {
            ScriptClient client = new ScriptClient(new ProcessBuilder(full).directory(directory.toFile())
                    .redirectErrorStream(true).start());
            assertThat(client.line(openWait)).as("%s connected", full).isEqualTo("OPEN");
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + full, e);
        }
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            reader.lines().forEach(line -> {
                synchronized (output) {
                    output.add(line);
                }
                lines.add(line);
            });
        } catch (IOException | UncheckedIOException e) {
            lines.add("read error: " + e);
        } finally {
            lines.add(END);
        }
    }

    /** The next line the script printed; fails the test where none comes in time or the script ended. */
    private String line() {
        return line(WsClient.WAIT);
    }

    private String line(Duration wait) {
        String line;
        try {
            line = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the script", e);
        }
        assertThat(line).as("a line from the script within %s; it printed: %s", wait, printed())
                .isNotNull().isNotEqualTo(END);
        return line;
    }

    private String printed() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void send(String text) {
        try {
            stdin.write(text + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot write to the script; it printed: " + printed(), e);
        }
    }

    @Override
    public Map<String, Object> next() {
        String line = line();
        assertThat(line).as("a frame, not the end of the connection").doesNotStartWith("CLOSE")
                .doesNotStartWith("ERROR").startsWith("{");
        return JsonTree.parseObject(line);
    }

    @Override
    public int closeNormally() {
        send("close");
        String line = line();
        assertThat(line).as("the script saw the connection close").startsWith("CLOSE ");
        try {
            assertThat(process.waitFor(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the script exited")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the script to exit", e);
        }
        assertThat(process.exitValue()).as("the script's exit code; it printed: %s", printed()).isZero();
        return Integer.parseInt(line.substring("CLOSE ".length()));
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
