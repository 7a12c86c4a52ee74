package io.herald.bench.load;

/**
 * Load generation that cannot go on, such as an API nobody answers on or a worker process gone; the message is
 * for the user. The bench reports it as its own failure.
 */
public final class LoadException extends RuntimeException {

    public LoadException(String message) {
        super(message);
    }

    public LoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
