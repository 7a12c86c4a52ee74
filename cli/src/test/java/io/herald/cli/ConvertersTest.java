package io.herald.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConvertersTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "25s,25000", "5m,300000", "1h,3600000", "2d,172800000", "0s,0"})
    void readsDurations(String text, long millis) {
        assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "25", "s", "1.5s", "-1s", "25 sec", "PT25S"})
    void refusesOtherDurations(String text) {
        assertThatThrownBy(() -> new DurationConverter().convert(text))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("expected: a duration");
    }

    @Test
    void formatsDurationsAsUsersWriteThem() {
        assertThat(DurationConverter.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(DurationConverter.format(Duration.ofSeconds(25))).isEqualTo("25s");
        assertThat(DurationConverter.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(DurationConverter.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(DurationConverter.format(Duration.ZERO)).isEqualTo("0s");
    }

    @ParameterizedTest
    @CsvSource({"512,512", "512B,512", "64KiB,65536", "1MiB,1048576", "1GiB,1073741824"})
    void readsSizes(String text, int bytes) {
        assertThat(new SizeConverter().convert(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "64KB", "1.5MiB", "-1", "2GiB", "64 KiB", "kib"})
    void refusesOtherSizes(String text) {
        assertThatThrownBy(() -> new SizeConverter().convert(text)).isInstanceOf(TypeConversionException.class);
    }
}
