package io.herald.bench.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestartCommandTest {

    @TempDir
    Path dir;

    @Test
    void readsTheArgumentsAndEveryVariableFromProcsNulSeparatedText() {
        RestartCommand command = RestartCommand.parse("java\0-Xmx256m\0-jar\0herald.jar\0serve\0--secret\0s s\0",
                "HERALD_REDIS=redis://:pw@127.0.0.1:6379\0EMPTY=\0EQUALS=a=b\0", Path.of("/srv/herald"),
                "/var/log/herald.log", "pipe:[4242]");

        assertThat(command.command()).containsExactly("java", "-Xmx256m", "-jar", "herald.jar", "serve", "--secret",
                "s s");
        assertThat(command.environment()).isEqualTo(Map.of("HERALD_REDIS", "redis://:pw@127.0.0.1:6379",
                "EMPTY", "", "EQUALS", "a=b"));
        assertThat(command.directory()).isEqualTo(Path.of("/srv/herald"));
        assertThat(command.toString()).as("no secrets in messages").doesNotContain("pw", "s s")
                .isEqualTo("RestartCommand[7 arguments, 3 variables, in /srv/herald]");
    }

    @Test
    void aProcessWithoutACommandLineCannotBeStartedAgain() {
        assertThatThrownBy(() -> RestartCommand.parse("", "", Path.of("/"), "/dev/null", "/dev/null"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no command line");
    }

    @Test
    void outputGoesOnWhereItWentUnlessThatCannotBeOpenedAgain() {
        File fallback = new File("/tmp/fallback.log");

        assertThat(RestartCommand.reopenable("/var/log/herald.log", fallback))
                .isEqualTo(new File("/var/log/herald.log"));
        assertThat(RestartCommand.reopenable("/dev/pts/3", fallback)).isEqualTo(new File("/dev/pts/3"));
        assertThat(RestartCommand.reopenable("pipe:[4242]", fallback)).isEqualTo(fallback);
        assertThat(RestartCommand.reopenable("socket:[77]", fallback)).isEqualTo(fallback);
        assertThat(RestartCommand.reopenable("/var/log/old.log (deleted)", fallback)).isEqualTo(fallback);
        assertThat(RestartCommand.parse("x\0", "", Path.of("/"), "/a.log", "/b.log").needsFallback()).isFalse();
        assertThat(RestartCommand.parse("x\0", "", Path.of("/"), "/a.log", "pipe:[1]").needsFallback()).isTrue();
    }

    @Test
    void readsARunningProcessFromProc() throws IOException, InterruptedException {
        Path log = dir.resolve("out.log");
        ProcessBuilder builder = new ProcessBuilder("sleep", "30").directory(dir.toFile())
                .redirectOutput(log.toFile()).redirectErrorStream(true);
        builder.environment().put("HERALD_RESTART_TEST", "yes");
        Process sleeping = builder.start();
        try {
            RestartCommand command = RestartCommand.read(sleeping.pid());

            assertThat(command.command()).endsWith("30");
            assertThat(command.command().get(0)).endsWith("sleep");
            assertThat(command.environment()).containsEntry("HERALD_RESTART_TEST", "yes");
            assertThat(command.directory()).isEqualTo(dir.toRealPath());
            assertThat(command.output()).isEqualTo(log.toRealPath().toString());
            assertThat(command.error()).isEqualTo(command.output());
        } finally {
            sleeping.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessGoneCannotBeRead() throws IOException, InterruptedException {
        Process done = new ProcessBuilder("true").start();
        done.waitFor(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> RestartCommand.read(done.pid())).isInstanceOf(LoadException.class)
                .hasMessageContaining("cannot read how process " + done.pid() + " was started");
    }

    @Test
    void startsTheCommandAgainWithItsEnvironmentAloneInItsDirectoryAppendingItsOutput()
            throws IOException, InterruptedException {
        Path out = dir.resolve("out.log");
        Path err = dir.resolve("err.log");
        Files.writeString(out, "before\n");
        RestartCommand command = RestartCommand.parse(
                "/bin/sh\0-c\0echo \"$GREETING from $(pwd), HOME=$HOME\"; echo oops >&2\0", "GREETING=hello\0", dir,
                out.toString(), err.toString());

        Process process = command.start(dir.resolve("fallback.log").toFile());

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        awaitContent(err, "oops\n");
        assertThat(Files.readString(out, StandardCharsets.UTF_8))
                .isEqualTo("before\nhello from " + dir.toRealPath() + ", HOME=\n");
        assertThat(Files.exists(dir.resolve("fallback.log"))).isFalse();
    }

    @Test
    void outputThatWentToAPipeGoesToTheFallback() throws IOException, InterruptedException {
        Path fallback = dir.resolve("fallback.log");
        RestartCommand command = RestartCommand.parse("/bin/sh\0-c\0echo out; echo err >&2\0", "", dir, "pipe:[1]",
                "socket:[2]");

        assertThat(command.start(fallback.toFile()).waitFor(10, TimeUnit.SECONDS)).isTrue();

        awaitContent(fallback, "out\nerr\n", "err\nout\n");
    }

    /**
     * Where setsid had to fork, the command runs on after the started process exits: waits for its output, within
     * a bound.
     */
    private static void awaitContent(Path file, String... expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(file) && List.of(expected).contains(Files.readString(file)))
                && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(Files.readString(file)).isIn((Object[]) expected);
    }
}
