package io.herald.bench.measure;

/**
 * The message numbers one connection has received, to tell a first receipt from a duplicate. Used by the
 * connection's event loop only; not thread-safe.
 *
 * <p>A sparse bit set of 64-bit words. Every word below the {@linkplain #floor floor} is full and dropped; the
 * floor's own word is a field, and the words above it, if any, sit in an open-addressing table keyed by
 * {@code seq / 64}, made on first need. Broadcasts reach every connection with every number, in order, so their
 * receipts only ever touch this object's fields: the floor word fills up and the floor moves on, and a connection
 * that sees some reordering keeps only the few words it spans. Unicast pushes reach a connection with scattered
 * numbers, one word each, so the table holds one entry per receipt and is never wider than what was received.
 */
final class SeenIds {

    private static final long FULL = -1L;
    private static final int INITIAL_CAPACITY = 4;
    private static final long[] NONE = new long[0];

    /** Every word below this index is full: all 64 of its numbers were seen. */
    private long floor;
    /** The bits of the floor's word. */
    private long floorBits;
    /** Word index + 1 per slot, 0 for an empty slot: words above the floor. */
    private long[] keys = NONE;
    private long[] words = NONE;
    private int size;

    /** Records {@code seq}; returns whether it was the first time. */
    boolean add(long seq) {
        long word = seq >>> 6;
        long bit = 1L << (seq & 63);
        if (word == floor) {
            if ((floorBits & bit) != 0) {
                return false;
            }
            floorBits |= bit;
            if (floorBits == FULL) {
                raiseFloor();
            }
            return true;
        }
        if (word < floor) {
            return false;
        }
        if (keys.length == 0) {
            keys = new long[INITIAL_CAPACITY];
            words = new long[INITIAL_CAPACITY];
        }
        int slot = find(word);
        if (keys[slot] == 0) {
            insert(slot, word, bit);
        } else if ((words[slot] & bit) != 0) {
            return false;
        } else {
            words[slot] |= bit;
        }
        return true;
    }

    /** Whether {@code seq} was seen. */
    boolean contains(long seq) {
        long word = seq >>> 6;
        long bit = 1L << (seq & 63);
        if (word < floor) {
            return true;
        }
        if (word == floor) {
            return (floorBits & bit) != 0;
        }
        if (size == 0) {
            return false;
        }
        int slot = find(word);
        return keys[slot] != 0 && (words[slot] & bit) != 0;
    }

    /** The words held, for tests of the floor: 0 once everything received so far is contiguous from 0. */
    int wordsHeld() {
        return size + (floorBits != 0 ? 1 : 0);
    }

    /** The floor's word is full: moves the floor up past every full word, taking the next one from the table. */
    private void raiseFloor() {
        do {
            floor++;
            floorBits = 0;
            if (size > 0) {
                int slot = find(floor);
                if (keys[slot] != 0) {
                    floorBits = words[slot];
                    remove(slot);
                }
            }
        } while (floorBits == FULL);
    }

    private int find(long word) {
        int mask = keys.length - 1;
        int slot = mix(word) & mask;
        while (keys[slot] != 0 && keys[slot] != word + 1) {
            slot = slot + 1 & mask;
        }
        return slot;
    }

    private void insert(int slot, long word, long bit) {
        if ((size + 1) * 2 > keys.length) {
            grow();
            slot = find(word);
        }
        keys[slot] = word + 1;
        words[slot] = bit;
        size++;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldWords = words;
        keys = new long[oldKeys.length * 2];
        words = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = find(oldKeys[i] - 1);
                keys[slot] = oldKeys[i];
                words[slot] = oldWords[i];
            }
        }
    }

    /** Linear probing's deletion: moves back every later entry of the run that the hole would cut off. */
    private void remove(int slot) {
        int mask = keys.length - 1;
        int hole = slot;
        int next = hole + 1 & mask;
        while (keys[next] != 0) {
            int home = mix(keys[next] - 1) & mask;
            // The entry at `next` may fill the hole unless its home lies cyclically in (hole, next].
            if ((next - home & mask) >= (next - hole & mask)) {
                keys[hole] = keys[next];
                words[hole] = words[next];
                hole = next;
            }
            next = next + 1 & mask;
        }
        keys[hole] = 0;
        words[hole] = 0;
        size--;
    }

    private static int mix(long word) {
        long h = word * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }
}
