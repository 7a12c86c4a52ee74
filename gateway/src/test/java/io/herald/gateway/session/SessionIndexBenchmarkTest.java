package io.herald.gateway.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs each benchmark method, without JMH, so that the build proves they still measure what they claim. */
class SessionIndexBenchmarkTest {

    private final SessionIndexBenchmark benchmark = new SessionIndexBenchmark();

    @BeforeEach
    void setUp() {
        benchmark.sessions = 1000;
        benchmark.setUp();
    }

    @AfterEach
    void tearDown() {
        benchmark.tearDown();
    }

    @Test
    void populationIsAsDescribed() {
        SessionIndex index = benchmark.index();

        assertThat(index.size()).isEqualTo(1000);
        assertThat(index.users()).isEqualTo(750);
        assertThat(index.sessionsOf("user-0")).hasSize(2);
        assertThat(index.sessionsOf("user-749")).hasSize(1);
        assertThat(sessionsIn("room-0")).hasSize(SessionIndexBenchmark.SESSIONS_PER_GROUP);
        assertThat(sessionsIn("room-9")).hasSize(SessionIndexBenchmark.SESSIONS_PER_GROUP);
    }

    @Test
    void lookupsVisitTheSessionsOfTheirUserAndGroup() {
        SessionIndexBenchmark.Cursor cursor = new SessionIndexBenchmark.Cursor();
        SessionIndexBenchmark.Visits visits = new SessionIndexBenchmark.Visits();

        assertThat(benchmark.lookupUser(cursor, visits)).isEqualTo(2); // user-0, the first visited
        assertThat(benchmark.lookupGroup(new SessionIndexBenchmark.Cursor(), visits))
                .isEqualTo(SessionIndexBenchmark.SESSIONS_PER_GROUP);
    }

    @Test
    void churnLeavesThePopulationAsItWas() {
        SessionIndexBenchmark.Cursor cursor = new SessionIndexBenchmark.Cursor();

        for (int i = 0; i < 1000; i++) {
            assertThat(benchmark.churnWhileUserLookups(cursor)).isTrue();
        }
        assertThat(benchmark.churnWhileGroupLookups(cursor)).isTrue();

        SessionIndex index = benchmark.index();
        assertThat(index.size()).isEqualTo(1000);
        assertThat(index.users()).isEqualTo(750);
        for (int g = 0; g < 10; g++) {
            assertThat(sessionsIn("room-" + g)).hasSize(SessionIndexBenchmark.SESSIONS_PER_GROUP);
        }
    }

    private List<Session> sessionsIn(String group) {
        List<Session> visited = new ArrayList<>();
        benchmark.index().forEachInGroup(group, visited::add);
        return visited;
    }
}
