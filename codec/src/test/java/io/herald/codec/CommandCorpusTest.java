package io.herald.codec;

import io.herald.codec.testing.JsonFuzz;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Replays the command fuzz corpus ({@code src/test/resources/fuzz-corpus/commands}): each {@code accept-*} input
 * is read as a command, each {@code reject-*} input is a 400, among them every input the fuzzing once crashed on.
 */
class CommandCorpusTest {

    private final CommandReader reader = new CommandReader(new Json());

    static List<Path> inputs() {
        return JsonFuzz.corpus("commands");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void eachInputGetsTheAnswerItsNameSays(Path input) throws WireException {
        byte[] frame = JsonFuzz.bytes(input);
        String name = input.getFileName().toString();

        if (name.startsWith("accept-")) {
            assertThat(reader.read(frame, 0, frame.length)).isNotNull();
        } else {
            assertThat(name).startsWith("reject-");
            WireException e = catchThrowableOfType(WireException.class, () -> reader.read(frame, 0, frame.length));
            assertThat(e).as("a 400 for %s", name).isNotNull();
            assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        }
    }
}
