package io.herald.bench;

import java.util.Locale;

/** What a run of {@code herald bench} does once its connections are logged in. */
public enum Scenario {

    /** Holds the connections idle for the duration: connect cost, connect time, memory per connection. */
    CONNECT,
    /** Pushes to every connection, or to a group they all joined, through {@code POST /api/broadcast}. */
    BROADCAST,
    /** Pushes to random users through {@code POST /api/push}: one {@code uid}, or {@code uids} batches. */
    UNICAST;

    /** The name users type: {@code connect}, {@code broadcast}, {@code unicast}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a scenario by its label. */
    public static Scenario parse(String label) {
        for (Scenario s : values()) {
            if (s.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new BenchConfigException("scenario", label, "connect, broadcast or unicast");
    }
}
