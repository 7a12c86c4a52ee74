package io.herald.bench.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptsTest {

    private final DeliveryLedger ledger = new DeliveryLedger();
    private final MicroClock clock = new MicroClock();
    private final Receipts receipts = new Receipts(3, ledger, clock);

    @Test
    void eachConnectionCountsItsOwnRepeatsAsDuplicates() {
        ledger.expect(0, 3);
        long now = System.nanoTime();

        receipts.received(0, 0, clock.micros(now), now);
        receipts.received(1, 0, clock.micros(now), now);
        receipts.received(1, 0, clock.micros(now), now);
        receipts.received(2, 0, clock.micros(now), now);
        receipts.received(2, -1, clock.micros(now), now);

        DeliveryLedger.Tally tally = ledger.tally();
        assertThat(tally.received()).isEqualTo(3);
        assertThat(tally.duplicates()).isEqualTo(1);
        assertThat(tally.foreign()).isEqualTo(1);
        assertThat(tally.losses()).isZero();
    }

    @Test
    void theLatencyIsTheArrivalOnTheMonotonicClockLessTheSendTime() {
        ledger.expect(0, 1);
        long sentNanos = System.nanoTime();

        receipts.received(2, 0, clock.micros(sentNanos), sentNanos + 7_000_000);

        LatencySummary latency = ledger.latency().total();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.max()).isBetween(6_990L, 7_010L);
    }
}
