package io.herald.cli;

import io.herald.codec.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/** Reads durations as {@code 500ms}, {@code 25s}, {@code 5m}, {@code 1h} or {@code 2d} ({@link Durations}). */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration duration = Durations.parse(value);
        if (duration == null) {
            throw new TypeConversionException("'" + value + "' (expected: " + Durations.EXPECTED + ")");
        }
        return duration;
    }

    /** The short form of a duration, as a user would write it. */
    static String format(Duration d) {
        return Durations.format(d);
    }
}
