package io.herald.bench.load;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class FailoverClientsTest {

    @Test
    void aClientThatDroppedTriesTheOtherNodesInTurnNeverItsOwn() {
        assertThat(IntStream.range(0, 6).map(turn -> FailoverClients.otherNode(3, 1, turn)))
                .containsExactly(0, 2, 0, 2, 0, 2);
        assertThat(IntStream.range(0, 4).map(turn -> FailoverClients.otherNode(3, 0, turn)))
                .containsExactly(1, 2, 1, 2);
        assertThat(IntStream.range(0, 4).map(turn -> FailoverClients.otherNode(4, 3, turn)))
                .containsExactly(0, 1, 2, 0);
        assertThat(IntStream.range(0, 3).map(turn -> FailoverClients.otherNode(2, 0, turn)))
                .as("of two nodes, the other").containsExactly(1, 1, 1);
    }

    @Test
    void theClientsOfOneNodeSpreadOverTheOthers() {
        // Client i starts its turns at i: the clients of a dead node take the others in turn.
        assertThat(IntStream.of(1, 4, 7, 10).map(client -> FailoverClients.otherNode(3, 1, client)))
                .containsExactly(2, 0, 2, 0);
    }
}
