package io.herald.bench.worker;

import io.herald.bench.load.ConnectionListener;
import io.herald.bench.load.ConnectionOpener;
import io.herald.bench.load.LoadException;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The worker processes that hold the run's connections when one process cannot: each is a JVM of the same
 * {@code java} and class path running {@link BenchWorker}, told its share on its stdin, and streaming its
 * connections' {@link WorkerEvents} back on its stdout; those go to the run's own bookkeeping as if the connections
 * were local. Its stderr is passed on, each line prefixed with {@code worker N:}.
 *
 * <p>A worker that exits before the pool is closed fails the run: the pool records why and interrupts the run's
 * thread, which turns that into a {@link LoadException} ({@link #failure()}). Workers exit when their stdin
 * closes: when {@link #close()} closes it, or when this process dies. Built and closed by the run's thread; one
 * thread per worker reads its events, one its stderr.
 */
public final class WorkerPool implements ConnectionOpener, AutoCloseable {

    /** How long workers may take to start: a JVM each, on a machine the run keeps busy. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(5);

    private final ClientPlan plan;
    private final PrintWriter log;
    private final Thread runThread;
    private final List<Worker> workers = new ArrayList<>();
    private final CountDownLatch hellos;
    private final CountDownLatch opened;
    private volatile ConnectionListener listener;
    private boolean closing;
    private String failure;

    private WorkerPool(ClientPlan plan, PrintWriter log) {
        this.plan = plan;
        this.log = log;
        this.runThread = Thread.currentThread();
        this.hellos = new CountDownLatch(plan.workers());
        this.opened = new CountDownLatch(plan.workers());
    }

    /**
     * Starts the plan's workers, one share each of what {@code spec} describes, and returns once every one is
     * set up and waits for the go.
     *
     * @throws LoadException where a worker cannot be started or does not come up in time
     */
    public static WorkerPool start(ClientPlan plan, WorkerSpec spec, PrintWriter log) throws InterruptedException {
        WorkerPool pool = new WorkerPool(plan, log);
        try {
            for (int k = 0; k < plan.workers(); k++) {
                pool.workers.add(pool.launch(k + 1, spec.forShare(plan.shares().get(k))));
            }
            if (!pool.hellos.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new LoadException(pool.hellos.getCount() + " client workers not up after "
                        + START_TIMEOUT.toSeconds() + " s");
            }
            pool.checkFailure();
            return pool;
        } catch (InterruptedException | RuntimeException e) {
            pool.checkFailureAfter(e);
            throw e;
        }
    }

    /** Closes the pool after {@code e} stopped its start, and throws a worker's failure in its place, if any. */
    private void checkFailureAfter(Exception e) {
        String why = failure();
        if (why != null) {
            Thread.interrupted();
        }
        close();
        if (why != null) {
            LoadException failed = new LoadException(why);
            failed.addSuppressed(e);
            throw failed;
        }
    }

    /** The workers' process ids. */
    public List<Long> pids() {
        return workers.stream().map(w -> w.process.pid()).toList();
    }

    /** Why a worker failed the run, or null; once it is set, the run's thread has been interrupted. */
    synchronized String failure() {
        return failure;
    }

    /**
     * Throws the failure of a worker, if one failed, as a {@link LoadException}, and clears the interruption it
     * caused: that, not the interruption, is what the run reports. Called by the run's thread.
     */
    public void checkFailure() {
        String why = failure();
        if (why != null) {
            Thread.interrupted();
            throw new LoadException(why);
        }
    }

    /** Tells every worker to open its share, at its part of the rate; returns once all have started theirs. */
    @Override
    public void open(int from, int to, int perSecond, ConnectionListener listener) throws InterruptedException {
        int planned = plan.shares().get(plan.shares().size() - 1).to();
        if (from != 0 || to != planned) {
            throw new IllegalArgumentException("connections " + from + ".." + to + " (expected: 0.." + planned + ")");
        }
        this.listener = listener;
        for (int k = 0; k < workers.size(); k++) {
            workers.get(k).go(plan.rate(perSecond, k));
        }
        opened.await();
        checkFailure();
    }

    private Worker launch(int number, WorkerSpec spec) {
        List<String> command = List.of(javaCommand(), "-cp", System.getProperty("java.class.path"),
                BenchWorker.class.getName());
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new LoadException("cannot start a client worker (" + command.get(0) + "): " + e, e);
        }
        Worker worker = new Worker(number, process);
        worker.start(spec);
        return worker;
    }

    /** The {@code java} this process runs on. */
    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * A worker has gone before its time: the first such failure stops the run. The failure is set and the run's
     * thread interrupted under one lock, so whoever reads the failure can clear the interruption for good.
     */
    private synchronized void workerFailed(Worker worker, String why) {
        if (closing || failure != null) {
            return;
        }
        failure = "client worker " + worker.number + " (pid " + worker.process.pid() + ") " + why;
        runThread.interrupt();
    }

    /** Closes every worker's stdin, so that it closes its connections and exits; kills those that do not. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        for (Worker worker : workers) {
            worker.endInput();
        }
        long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
        for (Worker worker : workers) {
            worker.awaitExit(deadline);
        }
    }

    /** One worker process and the threads that read its output. */
    private final class Worker implements WorkerEvents.Listener {
        private final int number;
        private final Process process;
        private final DataOutputStream input;

        Worker(int number, Process process) {
            this.number = number;
            this.process = process;
            this.input = new DataOutputStream(process.getOutputStream());
        }

        void start(WorkerSpec spec) {
            thread("events", this::readEvents);
            thread("stderr", this::forwardErrors);
            try {
                spec.write(input);
                input.flush();
            } catch (IOException e) {
                workerFailed(this, "would not take its share: " + e);
            }
        }

        void go(int perSecond) {
            try {
                input.writeByte(WorkerSpec.GO);
                input.writeInt(perSecond);
                input.flush();
            } catch (IOException e) {
                workerFailed(this, "would not take the go: " + e);
            }
        }

        private void thread(String what, Runnable task) {
            Thread t = new Thread(task, "herald-bench-worker-" + number + "-" + what);
            t.setDaemon(true);
            t.start();
        }

        private void readEvents() {
            String why;
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16))) {
                WorkerEvents.readAll(in, this);
                why = "exited";
            } catch (IOException | RuntimeException e) {
                why = "sent events that could not be read (" + e.getMessage() + ")";
                process.destroyForcibly();
            }
            try {
                if (process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS) && why.equals("exited")) {
                    why = "exited with code " + process.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            workerFailed(this, why + " before the run ended; its stderr, if any, is above as 'worker " + number
                    + ": …'");
        }

        private void forwardErrors() {
            try (BufferedReader err = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    log.println("worker " + number + ": " + line);
                    log.flush();
                }
            } catch (IOException e) {
                // The worker is gone; its events' reader says so.
            }
        }

        void endInput() {
            try {
                input.close();
            } catch (IOException e) {
                // Already gone.
            }
        }

        void awaitExit(long deadlineNanos) {
            try {
                if (!process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly().waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void hello() {
            hellos.countDown();
        }

        @Override
        public void opened() {
            opened.countDown();
        }

        @Override
        public void ready(int index, long micros) {
            listener.ready(index, micros);
        }

        @Override
        public void failed(int index, String reason) {
            listener.failed(index, reason);
        }

        @Override
        public void closed(int index, String reason) {
            listener.closed(index, reason);
        }

        @Override
        public void received(int index, long seq, long sentMicros, long receivedNanos) {
            listener.received(index, seq, sentMicros, receivedNanos);
        }
    }
}
