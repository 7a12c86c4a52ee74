package io.herald.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyLogTest {

    private final LatencyLog log = new LatencyLog();

    @Test
    void percentilesOfOneToOneThousand() {
        for (long micros = 1; micros <= 1000; micros++) {
            log.record(micros);
        }

        LatencySummary s = log.total();

        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.p50()).isEqualTo(500);
        assertThat(s.p90()).isEqualTo(900);
        assertThat(s.p99()).isEqualTo(990);
        assertThat(s.p999()).isEqualTo(999);
        assertThat(s.max()).isEqualTo(1000);
        assertThat(s.mean()).isEqualTo(500.5);
    }

    @Test
    void theDistributionRunsFromTheSmallestToTheLargestValue() {
        for (long micros = 1; micros <= 1000; micros++) {
            log.record(micros);
        }

        List<LatencySummary.Percentile> d = log.total().percentiles();

        assertThat(d).hasSize(LatencySummary.LEVELS.length)
                .startsWith(new LatencySummary.Percentile(0, 1))
                .contains(new LatencySummary.Percentile(50, 500), new LatencySummary.Percentile(99.9, 999))
                .endsWith(new LatencySummary.Percentile(100, 1000));
        assertThat(d).extracting(LatencySummary.Percentile::micros).isSorted();
        assertThat(d).extracting(LatencySummary.Percentile::percentile).isSorted();
    }

    @Test
    void largeValuesKeepThreeSignificantDigits() {
        for (int i = 0; i < 99; i++) {
            log.record(1_000);
        }
        log.record(2_500_000); // one 2.5 s outlier in a hundred

        LatencySummary s = log.total();

        assertThat(s.p50()).isEqualTo(1_000);
        assertThat(s.p99()).isEqualTo(1_000);
        assertThat(s.max()).isBetween(2_500_000L, 2_502_500L);
    }

    @Test
    void anIntervalHoldsWhatCameSinceTheLastAndTheTotalEverything() {
        log.record(10);
        log.record(20);
        assertThat(log.interval().count()).isEqualTo(2);

        log.record(30);
        LatencySummary interval = log.interval();

        assertThat(interval.count()).isEqualTo(1);
        assertThat(interval.max()).isEqualTo(30);
        assertThat(log.total().count()).isEqualTo(3);
    }

    @Test
    void nothingRecordedIsEmpty() {
        assertThat(log.total()).isEqualTo(LatencySummary.EMPTY);
        assertThat(log.total().percentiles()).isEmpty();
    }
}
