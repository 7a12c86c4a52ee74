package io.herald.bench.worker;

import io.herald.bench.load.ConnectionListener;
import io.herald.bench.load.Login;
import io.herald.bench.load.Peer;
import io.herald.bench.measure.ProcText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real worker processes, started from this JVM's class path: they come up, open their share when told (here to a
 * port nobody listens on, so each connection fails and says why), exit when the pool closes, and a worker killed
 * mid-run interrupts the run's thread with a failure that names it.
 */
@EnabledOnOs(OS.LINUX)
class WorkerPoolIT {

    private final StringWriter log = new StringWriter();

    @Test
    void workersOpenTheirSharesAndReportEveryConnection() throws Exception {
        ClientPlan plan = ClientPlan.of(6, 2, ProcText.openFilesLimit());
        Map<Integer, String> failed = new ConcurrentHashMap<>();
        CountDownLatch settled = new CountDownLatch(6);
        List<Long> pids;
        try (WorkerPool pool = WorkerPool.start(plan, spec(closedPort()), new PrintWriter(log, true))) {
            pids = pool.pids();
            assertThat(pids).hasSize(2).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());

            pool.open(0, 6, 0, new Recording(failed, settled));

            assertThat(settled.await(30, TimeUnit.SECONDS)).as("every connection reported").isTrue();
            assertThat(new TreeMap<>(failed)).containsOnlyKeys(0, 1, 2, 3, 4, 5)
                    .allSatisfy((index, reason) -> assertThat(reason).startsWith("connect: "));
            assertThat(pool.failure()).isNull();
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("worker %d after the pool closed", pid).isFalse();
        }
    }

    @Test
    void aWorkerThatDiesInterruptsTheRunAndSaysWhich() throws Exception {
        ClientPlan plan = ClientPlan.of(2, 2, ProcText.openFilesLimit());
        try (WorkerPool pool = WorkerPool.start(plan, spec(closedPort()), new PrintWriter(log, true))) {
            long victim = pool.pids().get(1);

            ProcessHandle.of(victim).orElseThrow().destroyForcibly();

            assertThatThrownBy(() -> Thread.sleep(Duration.ofSeconds(30).toMillis()))
                    .isInstanceOf(InterruptedException.class);
            assertThat(pool.failure()).startsWith("client worker 2 (pid " + victim + ") exited with code 137")
                    .contains("before the run ended");
        }
    }

    private static WorkerSpec spec(int port) {
        return new WorkerSpec("it" + port, 0, 0, List.of(URI.create("ws://127.0.0.1:" + port + "/ws")), List.of(),
                Optional.empty(), Optional.empty(), Duration.ofMinutes(5), Peer.HERALD, false, Login.COMMAND);
    }

    /** A port that was free a moment ago: connections to it are refused. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private record Recording(Map<Integer, String> failed, CountDownLatch settled) implements ConnectionListener {
        @Override
        public void ready(int index, long micros) {
            settled.countDown();
        }

        @Override
        public void failed(int index, String reason) {
            failed.put(index, reason);
            settled.countDown();
        }

        @Override
        public void closed(int index, String reason) {
        }

        @Override
        public void received(int index, long seq, long sentMicros, long receivedNanos) {
        }
    }
}
