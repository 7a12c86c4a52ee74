package io.herald.cli;

import java.util.Map;

/**
 * A WebSocket client that is not Herald's own, as {@link InteropScenario} drives it: the JDK's, npm's {@code ws},
 * Python's {@code websockets}. Called from the test thread.
 */
interface InteropClient extends AutoCloseable {

    /** Sends one text frame as written. */
    void send(String text);

    /** The next text frame the client received, as a JSON object; fails the test where none arrives in time. */
    Map<String, Object> next();

    /** Closes with 1000 and returns the code of the close frame the node answered with. */
    int closeNormally();

    /** Drops the client at once, however far it got. */
    @Override
    void close();
}
