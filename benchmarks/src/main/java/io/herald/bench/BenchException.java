package io.herald.bench;

/** A run that cannot go on, such as an API nobody answers on; the message is for the user. */
public final class BenchException extends RuntimeException {

    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
