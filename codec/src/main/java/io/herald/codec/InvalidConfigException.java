package io.herald.codec;

/**
 * A setting that is out of range, thrown by the config types of every module (node, cluster, load client) when
 * they are built. Names the setting, the value and what was expected, so that whoever read the value (the
 * command line) can point at its own name for it. It lives here because every module depends on codec.
 */
public final class InvalidConfigException extends IllegalArgumentException {

    private final String setting;
    private final String value;
    private final String expected;

    public InvalidConfigException(String setting, Object value, String expected) {
        super(setting + ": " + value + " (expected: " + expected + ")");
        this.setting = setting;
        this.value = String.valueOf(value);
        this.expected = expected;
    }

    /** Checks that a duration is positive; returns it. */
    public static java.time.Duration requirePositive(String setting, java.time.Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidConfigException(setting, value, "> 0");
        }
        return value;
    }

    /** Checks that a number is at least {@code min}; returns it. */
    public static long requireAtLeast(String setting, long value, long min) {
        if (value < min) {
            throw new InvalidConfigException(setting, value, ">= " + min);
        }
        return value;
    }

    /** The setting's name as in its config type, e.g. {@code pingInterval}. */
    public String setting() {
        return setting;
    }

    public String value() {
        return value;
    }

    public String expected() {
        return expected;
    }
}
