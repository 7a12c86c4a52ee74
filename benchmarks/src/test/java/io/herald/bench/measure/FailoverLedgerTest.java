package io.herald.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailoverLedgerTest {

    private final FailoverLedger ledger = new FailoverLedger();

    @Test
    void aPushAnsweredAndReceivedIsNeitherLostNorInFlight() {
        issue(0, 7, 1);
        ledger.answered(0, 42);
        assertThat(ledger.missingSoFar()).isEqualTo(1);

        assertThat(ledger.delivered(0, 7, 1000, 1500)).isTrue();

        FailoverLedger.Tally t = ledger.tally(10);
        assertThat(t.issued()).isEqualTo(1);
        assertThat(t.answered()).isEqualTo(1);
        assertThat(t.received()).isEqualTo(1);
        assertThat(t.lost()).isZero();
        assertThat(ledger.missingSoFar()).isZero();
        assertThat(ledger.latency().total().max()).isEqualTo(500);
    }

    @Test
    void aPushReceivedBeforeItsAnswerIsNotInFlightEither() {
        issue(0, 7, 1);

        ledger.delivered(0, 7, 1000, 1500);
        ledger.answered(0, 42);

        assertThat(ledger.missingSoFar()).isZero();
        assertThat(ledger.receivedSoFar()).isEqualTo(1);
    }

    @Test
    void aPushAnswered200AndNeverReceivedIsLostAndListedWithItsUserNodeAndSeq() {
        issue(0, 7, 1);
        ledger.answered(0, 42);
        issue(1, 8, 2);
        ledger.answered(1, 43);
        ledger.delivered(1, 8, 0, 1);

        FailoverLedger.Tally t = ledger.tally(10);

        assertThat(t.lost()).isEqualTo(1);
        assertThat(t.lostPushes()).containsExactly(new FailoverLedger.Lost(0, 7, 1, 42));
        assertThat(ledger.missingSoFar()).isEqualTo(1);
        assertThat(ledger.tally(0).lostPushes()).as("listed up to the limit").isEmpty();
    }

    @Test
    void aSecondDeliveryToTheApplicationIsCountedAndNotReceivedAgain() {
        issue(0, 7, 0);
        ledger.answered(0, 1);
        ledger.delivered(0, 7, 0, 1);

        assertThat(ledger.delivered(0, 7, 0, 2)).isFalse();

        FailoverLedger.Tally t = ledger.tally(10);
        assertThat(t.twice()).isEqualTo(1);
        assertThat(t.received()).isEqualTo(1);
        assertThat(ledger.twiceSoFar()).isEqualTo(1);
    }

    @Test
    void aPushReceivedByAnotherUserIsMisroutedAndStillLost() {
        issue(0, 7, 0);
        ledger.answered(0, 1);

        assertThat(ledger.delivered(0, 8, 0, 1)).isFalse();

        FailoverLedger.Tally t = ledger.tally(10);
        assertThat(t.misrouted()).isEqualTo(1);
        assertThat(t.lost()).isEqualTo(1);
    }

    @Test
    void anIdOfNoPushIsForeign() {
        issue(0, 7, 0);

        ledger.delivered(-1, 7, 0, 1);
        ledger.delivered(5, 7, 0, 1);

        assertThat(ledger.tally(10).foreign()).isEqualTo(2);
    }

    @Test
    void pushesNotAnswered200AreNotLostEvenWhereTheyArrive() {
        issue(0, 1, 0);
        ledger.refused(0);
        issue(1, 1, 1);
        ledger.unanswered(1, true);
        ledger.delivered(1, 1, 0, 1); // the node took it and died before answering
        issue(2, 1, 2);
        ledger.unanswered(2, false);
        issue(3, 1, 0); // still unanswered at the end

        FailoverLedger.Tally t = ledger.tally(10);

        assertThat(List.of(t.issued(), t.answered(), t.refused(), t.unanswered(), t.notSent()))
                .containsExactly(4L, 0L, 1L, 2L, 1L);
        assertThat(t.received()).isEqualTo(1);
        assertThat(t.receivedUnanswered()).isEqualTo(1);
        assertThat(t.lost()).isZero();
    }

    @Test
    void keepsTheBooksOfPushesAcrossChunks() {
        for (int n = 0; n < 10_000; n++) {
            issue(n, n % 100, n % 3);
            ledger.answered(n, n);
            if (n != 9_999) {
                ledger.delivered(n, n % 100, 0, 1);
            }
        }

        FailoverLedger.Tally t = ledger.tally(10);

        assertThat(t.received()).isEqualTo(9_999);
        assertThat(t.lostPushes()).containsExactly(new FailoverLedger.Lost(9_999, 99, 0, 9_999));
    }

    private void issue(long n, int user, int node) {
        ledger.issued(n, user);
        ledger.sent(n, node);
    }
}
