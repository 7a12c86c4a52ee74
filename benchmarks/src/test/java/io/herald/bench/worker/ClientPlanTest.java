package io.herald.bench.worker;

import io.herald.bench.load.LoadException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientPlanTest {

    private static final long LIMIT = 20_000;

    @Test
    void sharesAreConsecutiveAndWithinOneOfEachOther() {
        assertThat(ClientPlan.split(10, 3)).containsExactly(new ClientPlan.Share(0, 4), new ClientPlan.Share(4, 7),
                new ClientPlan.Share(7, 10));
        assertThat(ClientPlan.split(4000, 2)).containsExactly(new ClientPlan.Share(0, 2000),
                new ClientPlan.Share(2000, 4000));
        assertThat(ClientPlan.split(2, 2)).containsExactly(new ClientPlan.Share(0, 1), new ClientPlan.Share(1, 2));
    }

    @Test
    void whatOneProcessCanHoldStaysInThisProcess() {
        ClientPlan plan = ClientPlan.of((int) LIMIT - ClientPlan.RESERVED_FILES, 0, LIMIT);

        assertThat(plan.local()).isTrue();
        assertThat(plan.shares()).isEmpty();
        assertThat(ClientPlan.of(1_000_000, 0, -1).local()).as("no limit").isTrue();
        assertThat(ClientPlan.of(50_000, 1, -1).local()).as("one process asked for").isTrue();
    }

    @Test
    void pastTheOpenFileLimitWorkersHoldEqualShares() {
        ClientPlan plan = ClientPlan.of(40_000, 0, LIMIT);

        assertThat(plan.workers()).isEqualTo(3);
        assertThat(plan.perProcess()).isEqualTo(19_000);
        assertThat(plan.shares()).extracting(ClientPlan.Share::size).containsExactly(13_334, 13_333, 13_333);
        assertThat(plan.shares().get(2).to()).isEqualTo(40_000);
    }

    @Test
    void workersAsAskedForEvenWhereOneProcessWouldDo() {
        ClientPlan plan = ClientPlan.of(4000, 2, LIMIT);

        assertThat(plan.workers()).isEqualTo(2);
        assertThat(plan.shares()).containsExactly(new ClientPlan.Share(0, 2000), new ClientPlan.Share(2000, 4000));
    }

    @Test
    void tooFewProcessesForTheConnectionsAreRefusedWithWhatWouldDo() {
        assertThatThrownBy(() -> ClientPlan.of(40_000, 2, LIMIT)).isInstanceOf(LoadException.class)
                .hasMessage("--processes 2 puts 20000 connections in one process; one may hold 19000 here "
                        + "(open-file limit 20000 less 1000): give --processes 3 or more, or 0 to choose");
    }

    @Test
    void theRateIsSharedInProportionAndNeverDropsToUnpaced() {
        ClientPlan plan = ClientPlan.of(30, 3, LIMIT);

        assertThat(List.of(plan.rate(2000, 0), plan.rate(2000, 1), plan.rate(2000, 2))).containsExactly(667, 667, 667);
        assertThat(plan.rate(1, 0)).isEqualTo(1);
        assertThat(plan.rate(0, 1)).as("unpaced stays unpaced").isZero();
    }
}
