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
     * they all are. ASCII, the common case, is checked eight bytes at a time.
     */
    static int firstInvalid(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (i + 8 <= end && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int next = sequenceEnd(bytes, i, end);
            if (next < 0) {
                return i - offset;
            }
            i = next;
        }
        return -1;
    }

    /** Where the multi-byte sequence starting at {@code i} ends, or -1 where it is not well-formed. */
    private static int sequenceEnd(byte[] bytes, int i, int end) {
        int lead = bytes[i] & 0xFF;
        int count;
        int min;
        int max;
        if (lead >= 0xC2 && lead <= 0xDF) {
            count = 1;
            min = 0x80;
            max = 0x7FF;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            count = 2;
            min = 0x800;
            max = 0xFFFF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            count = 3;
            min = 0x10000;
            max = 0x10FFFF;
        } else {
            return -1; // a continuation byte, an overlong two-byte lead (C0, C1), or F5-FF
        }
        if (i + count >= end) {
            return -1;
        }
        int codePoint = lead & (0x3F >> count);
        for (int k = 1; k <= count; k++) {
            int b = bytes[i + k] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                return -1;
            }
            codePoint = codePoint << 6 | b & 0x3F;
        }
        if (codePoint < min || codePoint > max || codePoint >= 0xD800 && codePoint <= 0xDFFF) {
            return -1;
        }
        return i + count + 1;
    }
}
