package io.herald.bench.load;

import io.herald.codec.InvalidConfigException;

import java.util.Locale;

/**
 * How a connection logs in to Herald: with the {@code login} command once upgraded, or on the upgrade request
 * itself ({@code GET /ws?uid=…&token=…}), where the login reply is the first frame after the 101 and one round trip
 * is saved. Both are the protocol's; a run measures one.
 */
public enum Login {

    /** A {@code login} command, the first frame the client sends once upgraded. */
    COMMAND,
    /** The uid and token in the upgrade request's query. */
    UPGRADE;

    /** What {@link #parse} takes, for messages. */
    public static final String LABELS = "command or upgrade";

    /** The name users type: {@code command}, {@code upgrade}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Its label, as {@code --help} shows the default. */
    @Override
    public String toString() {
        return label();
    }

    /** Reads a login by its label. */
    public static Login parse(String label) {
        for (Login l : values()) {
            if (l.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new InvalidConfigException("login", label, LABELS);
    }
}
