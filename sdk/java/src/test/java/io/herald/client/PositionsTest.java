package io.herald.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PositionsTest {

    private static Session session(Map<String, Position> streams, boolean recovered, Set<String> lost) {
        return new Session("c", "n", Duration.ofSeconds(25), streams, recovered, lost);
    }

    @Test
    void theFirstLoginTakesEveryStreamFromTheReply() {
        Positions positions = new Positions(Map.of());

        Set<String> lost = positions.loggedIn(Map.of(), session(Map.of("user:a", new Position("e", 4),
                "all", new Position("f", 0)), true, Set.of()));

        assertThat(lost).isEmpty();
        assertThat(positions.snapshot()).isEqualTo(Map.of("user:a", new Position("e", 4), "all", new Position("f", 0)));
    }

    @Test
    void aRecoveredStreamKeepsThePositionSentAndALostOneTakesTheReplys() {
        Positions positions = new Positions(Map.of("user:a", new Position("e", 4), "all", new Position("old", 9),
                "group:left", new Position("g", 1)));
        Map<String, Position> since = positions.since();

        Set<String> lost = positions.loggedIn(since, session(Map.of("user:a", new Position("e", 7),
                "all", new Position("new", 2), "group:joined", new Position("j", 5)), false,
                Set.of("all", "group:left")));

        assertThat(lost).containsExactlyInAnyOrder("all", "group:left");
        assertThat(positions.snapshot()).isEqualTo(Map.of("user:a", new Position("e", 4),
                "all", new Position("new", 2), "group:joined", new Position("j", 5)));
    }

    @Test
    void aReplyWithoutStreamsLosesEverythingSentAndKeepsThePositions() {
        Positions positions = new Positions(Map.of("user:a", new Position("e", 4)));

        Set<String> lost = positions.loggedIn(positions.since(), session(Map.of(), false, Set.of()));

        assertThat(lost).containsExactly("user:a");
        assertThat(positions.snapshot()).isEqualTo(Map.of("user:a", new Position("e", 4)));
    }

    @Test
    void aPushMovesAKnownStreamOnAndNeverBack() {
        Positions positions = new Positions(Map.of("user:a", new Position("e", 4)));

        positions.pushed("user:a", 5);
        positions.pushed("user:a", 3);
        positions.pushed("group:unknown", 8);
        positions.pushed(null, 0);

        assertThat(positions.snapshot()).isEqualTo(Map.of("user:a", new Position("e", 5)));
    }

    @Test
    void aJoinPositionIsTakenUnlessALaterOneOfTheSameEpochIsHeld() {
        Positions positions = new Positions(Map.of("group:r", new Position("e", 9)));

        positions.joined("group:r", new Position("e", 4));
        assertThat(positions.snapshot()).containsEntry("group:r", new Position("e", 9));
        positions.joined("group:r", new Position("e", 12));
        assertThat(positions.snapshot()).containsEntry("group:r", new Position("e", 12));
        positions.joined("group:r", new Position("other", 1));
        assertThat(positions.snapshot()).containsEntry("group:r", new Position("other", 1));
        positions.joined("group:s", new Position("x", 0));
        assertThat(positions.snapshot()).containsEntry("group:s", new Position("x", 0));

        positions.left("group:r");
        assertThat(positions.snapshot()).doesNotContainKey("group:r");
    }
}
