package io.herald.bench.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLedgerTest {

    private final DeliveryLedger ledger = new DeliveryLedger();
    private final SeenIds a = new SeenIds();
    private final SeenIds b = new SeenIds();

    @Test
    void countsLossesPerMessageAndDuplicatesPerConnection() {
        for (long seq = 0; seq < 3; seq++) {
            ledger.expect(seq, 2);
        }
        // a gets all three, message 1 twice; b misses message 1 and gets message 2 twice.
        receive(a, 0, 1, 1, 2);
        receive(b, 0, 2, 2);

        DeliveryLedger.Tally tally = ledger.tally();

        assertThat(tally.expected()).isEqualTo(6);
        assertThat(tally.received()).isEqualTo(5);
        assertThat(tally.losses()).isEqualTo(1);
        assertThat(tally.messagesShort()).isEqualTo(1);
        assertThat(tally.duplicates()).isEqualTo(2);
        assertThat(tally.unexpected()).isZero();
        assertThat(tally.foreign()).isZero();
    }

    @Test
    void theSameIdOnTwoConnectionsIsNoDuplicate() {
        ledger.expect(0, 1);
        receive(a, 0);
        receive(b, 0);

        DeliveryLedger.Tally tally = ledger.tally();

        assertThat(tally.duplicates()).isZero();
        assertThat(tally.unexpected()).as("one delivery more than the message should have made").isEqualTo(1);
        assertThat(tally.losses()).isZero();
    }

    @Test
    void aMessageNobodyReceivedIsLostWholeAndACancelledOneIsNot() {
        ledger.expect(0, 3);
        ledger.expect(1, 3);
        ledger.expect(2, 3);
        ledger.cancel(1);
        receive(a, 2);
        receive(b, 2);
        SeenIds c = new SeenIds();
        receive(c, 2);

        DeliveryLedger.Tally tally = ledger.tally();

        assertThat(tally.expected()).isEqualTo(6);
        assertThat(tally.losses()).isEqualTo(3);
        assertThat(tally.messagesShort()).isEqualTo(1);
    }

    @Test
    void idsOfOtherRunsAreForeign() {
        ledger.received(a, -1, 0, 0);

        assertThat(ledger.tally().foreign()).isEqualTo(1);
        assertThat(ledger.tally().received()).isZero();
    }

    @Test
    void countsMessagesAcrossChunks() {
        long far = 3L * 65_536 + 17;
        ledger.expect(far, 1);
        receive(a, far);

        assertThat(ledger.tally().losses()).isZero();
        assertThat(ledger.tally().received()).isEqualTo(1);
    }

    @Test
    void timesOnlyMessagesSentFromTheMeasuredStartOn() {
        ledger.expect(0, 1);
        ledger.expect(1, 1);
        ledger.measureFrom(1_000);
        ledger.received(a, 0, 999, 5_000);   // sent during the warm-up
        ledger.received(a, 1, 1_000, 1_250); // 250 µs

        LatencySummary latency = ledger.latency().total();

        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.max()).isEqualTo(250);
    }

    private void receive(SeenIds connection, long... seqs) {
        for (long seq : seqs) {
            ledger.received(connection, seq, 0, 0);
        }
    }
}
