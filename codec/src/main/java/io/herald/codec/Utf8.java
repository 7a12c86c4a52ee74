package io.herald.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629): no stray continuation bytes, no overlong forms, no UTF-16
 * surrogates (U+D800-U+DFFF), nothing past U+10FFFF. Jackson's parser refuses some of these but reads an overlong
 * form or a code point past U+10FFFF as text, and checks even less of a value it only skips, as it skips what Herald
 * keeps as bytes (a push's {@code data}): without this check such bytes in {@code data} would be written, as they came,
 * into text frames that every receiving client then fails with 1007. Stateless.
 */
final class Utf8 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /**
     * The index of the first byte, counted from {@code offset}, where {@code length} bytes stop being UTF-8; -1 where
     * they all are. Runs of ASCII, the common case, are skipped eight bytes at a time.
     */
    static int firstInvalid(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (true) {
            while (i + 8 <= end && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            while (i < end && bytes[i] >= 0) {
                i++;
            }
            if (i >= end) {
                return -1;
            }
            // Two bytes (U+0080-U+07FF, lead C2-DF), the common case past ASCII, inline; signed, a continuation
            // byte (80-BF) is below -64.
            int b = bytes[i];
            if (b >= (byte) 0xC2 && b <= (byte) 0xDF && i + 1 < end && bytes[i + 1] < -64) {
                i += 2;
                continue;
            }
            int next = sequenceEnd(bytes, i, end);
            if (next < 0) {
                return i - offset;
            }
            i = next;
        }
    }

    /**
     * Where the multi-byte sequence starting at {@code i} ends, or -1 where it is not well-formed (RFC 3629, section
     * 4): the second byte's range rules out overlong forms (after E0 and F0), surrogates (after ED) and code points
     * past U+10FFFF (after F4).
     */
    private static int sequenceEnd(byte[] bytes, int i, int end) {
        int lead = bytes[i] & 0xFF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            return i + 1 < end && continuation(bytes[i + 1]) ? i + 2 : -1;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            if (i + 2 >= end || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2])) {
                return -1;
            }
            int second = bytes[i + 1] & 0xFF;
            return lead == 0xE0 && second < 0xA0 || lead == 0xED && second > 0x9F ? -1 : i + 3;
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            if (i + 3 >= end || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2])
                    || !continuation(bytes[i + 3])) {
                return -1;
            }
            int second = bytes[i + 1] & 0xFF;
            return lead == 0xF0 && second < 0x90 || lead == 0xF4 && second > 0x8F ? -1 : i + 4;
        }
        return -1; // a continuation byte, an overlong two-byte lead (C0, C1), or F5-FF
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
