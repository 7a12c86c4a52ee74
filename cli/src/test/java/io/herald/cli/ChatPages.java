package io.herald.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat demo's pages in a real headless Chromium: {@code node chat-demo.js} (in {@code src/test/node}, driving
 * Debian's chromium with playwright-core), given one step a line, each answered by one line once it is done (the
 * steps are listed at the top of the script). The pages' own errors and console warnings it prints are kept for
 * {@link #output()}, not taken as answers. Called from the test thread.
 */
final class ChatPages implements AutoCloseable {

    /** The script's own steps wait up to 30 s each; this is for the browser's launch on top. */
    static final Duration WAIT = Duration.ofSeconds(45);
    private static final String END = "\u0000end";

    private final Process script;
    private final Writer steps;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();

    private ChatPages(Process script) {
        this.script = script;
        this.steps = new OutputStreamWriter(script.getOutputStream(), StandardCharsets.UTF_8);
        follow(script, "chat-demo-js-output", line -> {
            synchronized (output) {
                output.add(line);
            }
            if (!line.startsWith("PAGEERROR") && !line.startsWith("CONSOLE")) {
                answers.add(line);
            }
        }, () -> answers.add(END));
    }

    static ChatPages start() throws IOException {
        return new ChatPages(new ProcessBuilder("node", "chat-demo.js").directory(NodeWsInteropIT.DIRECTORY.toFile())
                .redirectErrorStream(true).start());
    }

    /** Sends one step and returns the line the script prints once it is done; fails on an {@code ERROR} line. */
    String step(String step) throws IOException, InterruptedException {
        steps.write(step + "\n");
        steps.flush();
        String line = answers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(line).as("the outcome of '%s' within %s; chat-demo.js printed:%n%s", step, WAIT, output())
                .isNotNull().isNotEqualTo(END).doesNotStartWith("ERROR");
        return line;
    }

    /** Saves the page of {@code name} to {@code file} (relative to the cli module) and returns its path. */
    Path screenshot(String name, String file) throws IOException, InterruptedException {
        Path path = Path.of(file).toAbsolutePath();
        Files.deleteIfExists(path);
        assertThat(step("screenshot " + name + " " + path)).isEqualTo("SAVED " + name);
        assertThat(path).isNotEmptyFile();
        return path;
    }

    /** Ends the steps, so that the script closes the browser, and checks that it did and that no page failed. */
    void finish() throws IOException, InterruptedException {
        steps.close();
        assertThat(script.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("chat-demo.js exited").isTrue();
        assertThat(script.exitValue()).isZero();
        assertThat(output()).as("errors of the pages' own").doesNotContain("PAGEERROR");
    }

    /** Everything the script printed so far. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() {
        script.destroyForcibly();
    }

    /** Hands each line {@code process} prints to {@code each} on a daemon thread, then runs {@code atEnd}. */
    static void follow(Process process, String name, Consumer<String> each, Runnable atEnd) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                reader.lines().forEach(each);
            } catch (IOException | UncheckedIOException e) {
                each.accept("read error: " + e);
            } finally {
                atEnd.run();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }
}
