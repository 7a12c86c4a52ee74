package io.herald.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sizes in bytes as {@code 512}, {@code 512B}, {@code 64KiB}, {@code 1MiB} or {@code 1GiB}, up to 2 GiB - 1. */
final class SizeConverter implements ITypeConverter<Integer> {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,10})(B|KiB|MiB|GiB)?");

    @Override
    public Integer convert(String value) {
        Matcher m = FORMAT.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' (expected: a size such as 512B, 64KiB or 1MiB)");
        }
        long bytes = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        switch (unit) {
            case "KiB":
                bytes <<= 10;
                break;
            case "MiB":
                bytes <<= 20;
                break;
            case "GiB":
                bytes <<= 30;
                break;
            default:
                break;
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new TypeConversionException("'" + value + "' (expected: a size under 2GiB)");
        }
        return (int) bytes;
    }

    /** The short form of a size, as a user would write it: {@code 64KiB}, {@code 1MiB}, {@code 100B}. */
    static String format(int bytes) {
        if (bytes != 0 && bytes % (1 << 30) == 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes != 0 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes != 0 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return bytes + "B";
    }
}
