package io.herald.gateway.upstream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.gateway.upstream.UpstreamFailures.Kind;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Upstream failures are counted one by one and logged once per burst, on Netty's virtual clock. */
class UpstreamFailuresTest {

    private final EmbeddedChannel timer = new EmbeddedChannel();
    private final Logger logger = (Logger) LoggerFactory.getLogger(UpstreamFailures.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final UpstreamFailures failures;

    UpstreamFailuresTest() {
        timer.freezeTime();
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        failures = new UpstreamFailures(timer.eventLoop());
    }

    @AfterEach
    void stop() {
        logger.detachAppender(appender);
        assertFalse(timer.finish());
    }

    @Test
    void aBurstIsLoggedOnceInFullThenSummedUpEachPeriodUntilItEnds() {
        failures.failed(Kind.TIMEOUT, () -> "first of the burst");
        failures.failed(Kind.TIMEOUT, () -> "second");
        failures.failed(Kind.TIMEOUT, () -> "third");

        assertThat(failures.count(Kind.TIMEOUT)).isEqualTo(3);
        assertThat(logged()).singleElement().asString().contains("timed out").contains("first of the burst");

        passPeriod();
        assertThat(logged()).hasSize(2).last().asString().contains("2 more in the last 10 s");
        failures.failed(Kind.TIMEOUT, () -> "in the next period");
        passPeriod();
        assertThat(logged()).hasSize(3).last().asString().contains("1 more in the last 10 s");
        passPeriod();
        assertThat(logged()).as("a quiet period ends the burst").hasSize(3);

        failures.failed(Kind.TIMEOUT, () -> "a new burst");
        assertThat(logged()).hasSize(4).last().asString().contains("a new burst");
        assertThat(failures.count(Kind.TIMEOUT)).isEqualTo(5);
        passPeriod();
        passPeriod();
    }

    @Test
    void eachKindIsCountedAndLoggedOnItsOwn() {
        failures.failed(Kind.UNREACHABLE, () -> "refused");
        failures.failed(Kind.BAD_ANSWER, () -> "not json");
        failures.failed(Kind.UNREACHABLE, () -> "refused again");

        assertThat(failures.count(Kind.UNREACHABLE)).isEqualTo(2);
        assertThat(failures.count(Kind.BAD_ANSWER)).isEqualTo(1);
        assertThat(failures.count(Kind.OVERLOADED)).isZero();
        assertThat(logged()).hasSize(2);
        passPeriod();
        passPeriod();
    }

    private void passPeriod() {
        timer.advanceTimeBy(UpstreamFailures.LOG_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        timer.runScheduledPendingTasks();
    }

    private List<String> logged() {
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
