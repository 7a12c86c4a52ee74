package io.herald.bench;

/**
 * A bench setting that is out of range. Names the setting, the value and what was expected, so that the command
 * line can point at its own flag for it.
 */
public final class BenchConfigException extends IllegalArgumentException {

    private final String setting;
    private final String value;
    private final String expected;

    public BenchConfigException(String setting, Object value, String expected) {
        super(setting + ": " + value + " (expected: " + expected + ")");
        this.setting = setting;
        this.value = String.valueOf(value);
        this.expected = expected;
    }

    /** The setting's name as in {@link BenchConfig.Builder}, e.g. {@code httpConcurrency}. */
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
