package io.herald.bench.load;

import io.herald.codec.JsonWriter;
import io.herald.codec.StreamPosition;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StreamPositionsTest {

    private final StreamPositions positions = new StreamPositions();

    @Test
    void aFirstLoginTakesTheRepliesPositionsAndPushesMoveThemOn() {
        positions.loggedIn(streams("e1", 41, "e0", 7), false, List.of());

        assertThat(positions.advance("user:alice", 42)).isEqualTo(StreamPositions.Order.NEXT);
        assertThat(positions.advance("user:alice", 43)).isEqualTo(StreamPositions.Order.NEXT);

        assertThat(positions.snapshot()).containsExactly(
                Map.entry("user:alice", new StreamPosition("e1", 43)), Map.entry("all", new StreamPosition("e0", 7)));
    }

    @Test
    void saysWhereAPushSkippedSeqsOrCameBehindOneSeen() {
        positions.loggedIn(streams("e1", 10, "e0", 0), false, List.of());

        assertThat(positions.advance("user:alice", 12)).as("11 skipped").isEqualTo(StreamPositions.Order.GAP);
        assertThat(positions.advance("user:alice", 11)).isEqualTo(StreamPositions.Order.BEHIND);
        assertThat(positions.advance("user:alice", 12)).as("seen again").isEqualTo(StreamPositions.Order.BEHIND);
        assertThat(positions.snapshot().get("user:alice").seq()).as("the highest seen").isEqualTo(12);
        assertThat(positions.advance("group:room", 1)).as("not listed at login")
                .isEqualTo(StreamPositions.Order.UNKNOWN);
        assertThat(positions.advance(null, 1)).as("a push on no stream").isEqualTo(StreamPositions.Order.UNKNOWN);
        assertThat(positions.advance("user:alice", -1)).as("no seq").isEqualTo(StreamPositions.Order.UNKNOWN);
        assertThat(positions.snapshot()).doesNotContainKey("group:room");
    }

    @Test
    void writesSinceAsTheLoginTakesIt() {
        positions.loggedIn(streams("e1", 40, "e0", 3), false, List.of());

        assertThat(since()).isEqualTo("{\"user:alice\":{\"epoch\":\"e1\",\"seq\":40},"
                + "\"all\":{\"epoch\":\"e0\",\"seq\":3}}");
        assertThat(positions.isEmpty()).isFalse();
        assertThat(new StreamPositions().isEmpty()).isTrue();
    }

    @Test
    void aStreamRecoveredWholeKeepsTheClientsOwnSeqForTheReplayThatFollows() {
        positions.loggedIn(streams("e1", 40, "e0", 3), false, List.of());

        // The node is at 42 on the user's stream: 41 and 42 come next, after the reply.
        positions.loggedIn(streams("e1", 42, "e0", 3), true, List.of());

        assertThat(positions.snapshot().get("user:alice")).isEqualTo(new StreamPosition("e1", 40));
        assertThat(positions.advance("user:alice", 41)).isEqualTo(StreamPositions.Order.NEXT);
        assertThat(positions.advance("user:alice", 42)).isEqualTo(StreamPositions.Order.NEXT);
    }

    @Test
    void aStreamListedLostOrWithAnotherEpochStartsFromTheReply() {
        positions.loggedIn(streams("e1", 40, "e0", 3), false, List.of());

        positions.loggedIn(streams("e1", 900, "e9", 5), true, List.of("user:alice"));

        assertThat(positions.snapshot()).containsEntry("user:alice", new StreamPosition("e1", 900))
                .as("its epoch changed, though not listed").containsEntry("all", new StreamPosition("e9", 5));
    }

    @Test
    void aLoginWithoutSinceTakesTheRepliesPositionsWhateverItHad() {
        positions.loggedIn(streams("e1", 40, "e0", 3), false, List.of());

        positions.loggedIn(streams("e1", 50, "e0", 3), false, List.of());

        assertThat(positions.snapshot().get("user:alice").seq()).isEqualTo(50);
    }

    private String since() {
        ByteBuf buf = Unpooled.buffer();
        try {
            positions.writeSince(new JsonWriter(buf));
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    private static Map<String, StreamPosition> streams(String userEpoch, long userSeq, String allEpoch, long allSeq) {
        Map<String, StreamPosition> m = new LinkedHashMap<>();
        m.put("user:alice", new StreamPosition(userEpoch, userSeq));
        m.put("all", new StreamPosition(allEpoch, allSeq));
        return m;
    }
}
