package io.herald.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signals a node handles itself, through the JDK's {@code sun.misc.Signal}, which every JDK 17 ships:
 * <ul>
 *   <li>SIGTERM, told apart from SIGINT: the JVM runs the same shutdown hooks for both, but a node drains on SIGTERM
 *       (how orchestrators stop a process) and stops at once on SIGINT (Ctrl-C). Where it cannot be caught, SIGTERM
 *       stops the node at once, as SIGINT does;</li>
 *   <li>SIGHUP, which would stop the JVM too: a node reloads its TLS certificates on it, as daemons reload their
 *       configuration. Where it cannot be caught, changed certificate files are still reloaded within seconds.</li>
 * </ul>
 */
final class Signals {

    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Runs {@code action} on a thread of the JVM's when the process gets SIGTERM, instead of exiting. */
    static void onTerm(Runnable action) {
        handle("TERM", action, "it stops the node without draining");
    }

    /** Runs {@code action} on a thread of the JVM's when the process gets SIGHUP, instead of exiting. */
    static void onHup(Runnable action) {
        handle("HUP", action, "it stops the node; changed certificate files are reloaded without it");
    }

    private static void handle(String signal, Runnable action, String otherwise) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> action.run());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            log.warn("SIG{} cannot be caught here ({}): {}", signal, e.toString(), otherwise);
        }
    }
}
