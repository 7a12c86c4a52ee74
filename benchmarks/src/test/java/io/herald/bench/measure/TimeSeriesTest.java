package io.herald.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The per-second step of a run's series, fed by counters that the test moves by hand: no timer, no sleep. */
class TimeSeriesTest {

    private static final long SECOND = 1_000_000_000L;

    private final FakeCounters counters = new FakeCounters();

    @Test
    void theSeriesStartsWithAPointAtZero() {
        TimeSeries series = new TimeSeries(counters, "connect");

        SecondSample first = series.timeline().seconds().get(0);
        assertThat(first.seconds()).isZero();
        assertThat(first.phase()).isEqualTo("connect");
        assertThat(first.serverRssKiB()).isEqualTo(200_000);
        assertThat(first.serverCpuPercent()).as("no interval yet").isNull();
    }

    @Test
    void aTickRecordsTotalsRatesLatencyAndCpuOfTheSecondGone() {
        TimeSeries series = new TimeSeries(counters, "connect");
        counters.nanoTime += 2 * SECOND;
        counters.ready = 300;
        counters.sent = 10;
        counters.expected = 3000;
        counters.received = 2500;
        counters.connect = Latencies.oneTo(1000);
        counters.latency = Latencies.oneTo(100);
        counters.serverCpuNanos += SECOND; // one core for half of the two seconds
        counters.clientCpuNanos += 3 * SECOND;
        counters.serverRssBytes = 300_000 * 1024L;

        series.phase("broadcast");
        SecondSample s = series.tick();

        assertThat(s.seconds()).isEqualTo(2.0);
        assertThat(s.phase()).isEqualTo("broadcast");
        assertThat(s.ready()).isEqualTo(300);
        assertThat(s.connectsPerSecond()).isEqualTo(150.0);
        assertThat(s.connectP99Micros()).isEqualTo(990);
        assertThat(s.pushesPerSecond()).isEqualTo(5.0);
        assertThat(s.deliveriesPerSecond()).isEqualTo(1250.0);
        assertThat(s.inFlight()).isEqualTo(500);
        assertThat(s.latencyP50Micros()).isEqualTo(50);
        assertThat(s.latencyP99Micros()).isEqualTo(99);
        assertThat(s.serverCpuPercent()).isCloseTo(50.0, within(1e-9));
        assertThat(s.clientCpuPercent()).isCloseTo(150.0, within(1e-9));
        assertThat(s.serverRssKiB()).isEqualTo(300_000);
        assertThat(series.timeline().seconds()).hasSize(2).endsWith(s);
    }

    @Test
    void ratesAreOverTheTimeSinceThePreviousPointOnly() {
        TimeSeries series = new TimeSeries(counters, "connect");
        counters.nanoTime += SECOND;
        counters.ready = 100;
        series.tick();
        counters.nanoTime += SECOND;
        counters.ready = 120;

        SecondSample s = series.tick();

        assertThat(s.connectsPerSecond()).isEqualTo(20.0);
        assertThat(s.connectP99Micros()).as("no connect in this second").isNull();
        assertThat(s.latencyP99Micros()).isNull();
    }

    @Test
    void aNodeNotSampledHasNoNodeFigures() {
        counters.serverCpuNanos = -1;
        counters.serverRssBytes = -1;
        TimeSeries series = new TimeSeries(counters, "connect");
        counters.nanoTime += SECOND;

        SecondSample s = series.tick();

        assertThat(s.serverCpuPercent()).isNull();
        assertThat(s.serverRssKiB()).isNull();
        assertThat(s.clientCpuPercent()).isNotNull();
    }

    @Test
    void theEndIsAPointOfItsOwn() {
        TimeSeries series = new TimeSeries(counters, "connect");
        counters.nanoTime += SECOND;
        series.tick();
        counters.nanoTime += TimeSeries.MIN_LAST_INTERVAL.toNanos();
        series.phase("drain");

        List<SecondSample> all = series.finish().seconds();

        assertThat(all).hasSize(3);
        assertThat(all.get(2).phase()).isEqualTo("drain");
    }

    @Test
    void anEndTooCloseToTheLastPointBringsItsTotalsUpToTheEnd() {
        TimeSeries series = new TimeSeries(counters, "connect");
        counters.nanoTime += SECOND;
        counters.received = 900;
        counters.expected = 1000;
        counters.latency = Latencies.oneTo(100);
        SecondSample last = series.tick();
        counters.nanoTime += TimeSeries.MIN_LAST_INTERVAL.toNanos() - 1;
        counters.received = 1000;
        counters.closed = 3;
        counters.serverRssBytes = 210_000 * 1024L;
        series.phase("drain");

        List<SecondSample> all = series.finish().seconds();

        assertThat(all).hasSize(2);
        SecondSample end = all.get(1);
        assertThat(end.received()).isEqualTo(1000);
        assertThat(end.inFlight()).isZero();
        assertThat(end.closed()).isEqualTo(3);
        assertThat(end.serverRssKiB()).isEqualTo(210_000);
        assertThat(end.phase()).isEqualTo("drain");
        assertThat(end.seconds()).isCloseTo(1.25, within(1e-6));
        assertThat(end.deliveriesPerSecond()).as("the last point's").isEqualTo(last.deliveriesPerSecond());
        assertThat(end.latencyP99Micros()).isEqualTo(last.latencyP99Micros()).isEqualTo(99);
        assertThat(end.serverCpuPercent()).isEqualTo(last.serverCpuPercent());
    }

    @Test
    void phasesStartWhenTheRunEntersThemNotAtTheNextPoint() {
        TimeSeries series = new TimeSeries(counters, "connect");
        counters.nanoTime += SECOND / 4;
        series.phase("warm-up");
        series.phase("warm-up");
        counters.nanoTime += SECOND / 2;
        series.phase("broadcast");
        counters.nanoTime += SECOND / 4;

        assertThat(series.tick().phase()).isEqualTo("broadcast");
        assertThat(series.timeline().phases()).containsExactly(new Timeline.Phase(0, "connect"),
                new Timeline.Phase(0.25, "warm-up"), new Timeline.Phase(0.75, "broadcast"));
    }

    /** Counters the test sets; its intervals are handed out once, as a real log's are. */
    private static final class FakeCounters implements RunCounters {
        long nanoTime = 5 * SECOND;
        long ready;
        long sent;
        long received;
        long expected;
        long closed;
        long serverCpuNanos = 10 * SECOND;
        long serverRssBytes = 200_000 * 1024L;
        long clientCpuNanos = 20 * SECOND;
        LatencySummary connect = LatencySummary.EMPTY;
        LatencySummary latency = LatencySummary.EMPTY;

        @Override
        public long ready() {
            return ready;
        }

        @Override
        public long failed() {
            return 0;
        }

        @Override
        public long closed() {
            return closed;
        }

        @Override
        public LatencySummary connectInterval() {
            LatencySummary s = connect;
            connect = LatencySummary.EMPTY;
            return s;
        }

        @Override
        public long sent() {
            return sent;
        }

        @Override
        public long received() {
            return received;
        }

        @Override
        public long expected() {
            return expected;
        }

        @Override
        public long duplicates() {
            return 0;
        }

        @Override
        public LatencySummary latencyInterval() {
            LatencySummary s = latency;
            latency = LatencySummary.EMPTY;
            return s;
        }

        @Override
        public ProcessSampler.Sample sample() {
            return new ProcessSampler.Sample(nanoTime, serverCpuNanos, serverRssBytes, clientCpuNanos, 50_000 * 1024L,
                    serverCpuNanos < 0 ? new long[0] : new long[] {serverCpuNanos},
                    serverRssBytes < 0 ? new long[0] : new long[] {serverRssBytes});
        }

        @Override
        public long nanoTime() {
            return nanoTime;
        }
    }
}
