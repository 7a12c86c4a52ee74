package io.herald.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM, told apart from SIGINT: the JVM runs the same shutdown hooks for both, but a node drains on SIGTERM
 * (how orchestrators stop a process) and stops at once on SIGINT (Ctrl-C). Uses the JDK's {@code sun.misc.Signal},
 * which every JDK 17 ships; where it is missing, SIGTERM stops the node at once, as SIGINT does.
 */
final class TermSignal {

    private static final Logger log = LoggerFactory.getLogger(TermSignal.class);

    private TermSignal() {
    }

    /** Runs {@code action} on a thread of the JVM's when the process gets SIGTERM, instead of exiting. */
    static void onTerm(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> action.run());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            log.warn("SIGTERM cannot be caught here ({}): it stops the node without draining", e.toString());
        }
    }
}
