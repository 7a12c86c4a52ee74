package io.herald.bench.jmh;

import io.herald.codec.ClientCommand;
import io.herald.codec.ReplyCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs each benchmark once, without JMH, so that the build proves they still measure what they claim. */
class CommandReaderBenchmarkTest {

    private final CommandReaderBenchmark benchmark = new CommandReaderBenchmark();

    @BeforeEach
    void setUp() throws Exception {
        benchmark.setUp();
    }

    @Test
    void loginIsReadWithItsToken() throws Exception {
        ClientCommand command = benchmark.login();

        assertThat(command).isInstanceOf(ClientCommand.Login.class);
        ClientCommand.Login login = (ClientCommand.Login) command;
        assertThat(login.uid()).isEqualTo("user-48213");
        assertThat(login.device()).isEqualTo("web");
        assertThat(login.token()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+").hasSizeBetween(550, 700);
    }

    @Test
    void heartbeatAckAndJoinAreRead() throws Exception {
        assertThat(benchmark.heartbeat()).isEqualTo(new ClientCommand.Heartbeat("17"));
        assertThat(benchmark.ack()).isEqualTo(new ClientCommand.Ack("n1:4fzq:2bx9"));
        assertThat(benchmark.join()).isEqualTo(new ClientCommand.Join("3", "room-1042"));
    }

    @Test
    void malformedFrameIsA400() {
        assertThat(benchmark.malformed().code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(benchmark.malformed().getMessage()).startsWith("malformed JSON");
    }
}
