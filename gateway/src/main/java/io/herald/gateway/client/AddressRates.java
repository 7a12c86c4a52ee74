package io.herald.gateway.client;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's limit on new connections per remote address ({@code --ip-connect-rate}, {@code --ip-connect-burst}):
 * a token bucket per address, kept as the time its bucket would be full again (the generic cell rate algorithm: one
 * {@code long} per address, no timer). An IPv6 address counts by its /64, which one subscriber usually holds whole.
 *
 * <p>Bounded memory: the table keeps at most {@link #CAPACITY} addresses, in {@link #STRIPES} stripes that each
 * forget their least recently seen address when full; a flood from many addresses cannot grow it, and an address
 * forgotten that way starts again with a full bucket, which is what its idleness earned anyway. One per node, shared
 * by every event loop: each stripe is locked for a few field updates, so that loops rarely meet.
 */
final class AddressRates {

    /** Addresses remembered at most: about 75 bytes each, 4.7 MiB of heap when full (measured). */
    static final int CAPACITY = 65_536;
    private static final int STRIPES = 64;

    /** No limit. */
    static final AddressRates NONE = new AddressRates(0, 1);

    private final long intervalNanos;
    private final long toleranceNanos;
    private final Stripe[] stripes = new Stripe[STRIPES];

    /**
     * @param perSecond new connections a second an address may open; 0 for no limit
     * @param burst     how many it may open at once
     */
    AddressRates(int perSecond, int burst) {
        this.intervalNanos = perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
        this.toleranceNanos = (burst - 1) * intervalNanos;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe(CAPACITY / STRIPES);
        }
    }

    /** Whether new connections are limited per address at all. */
    boolean limited() {
        return intervalNanos > 0;
    }

    /**
     * Takes one connection of {@code address}'s budget at {@code nowNanos} (any monotonic clock, the same for every
     * call); returns 0 where it may connect, else how many nanoseconds it must wait. On any thread.
     */
    long tryConnect(InetAddress address, long nowNanos) {
        if (!limited() || address == null) {
            return 0;
        }
        long key = key(address);
        Stripe stripe = stripes[(int) (mix(key) >>> 58)];
        synchronized (stripe) {
            Long full = stripe.get(key);
            long tat = full == null || full < nowNanos ? nowNanos : full;
            long wait = tat - nowNanos - toleranceNanos;
            if (wait > 0) {
                return wait;
            }
            stripe.put(key, tat + intervalNanos);
            return 0;
        }
    }

    /** How many addresses the table remembers now; for tests. */
    int size() {
        int size = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                size += stripe.size();
            }
        }
        return size;
    }

    /** An IPv4 address whole, tagged so that it meets no IPv6 prefix a peer can have; an IPv6 address's /64. */
    static long key(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return 0xFFFF_FFFF_0000_0000L | (bytes[0] & 0xFFL) << 24 | (bytes[1] & 0xFFL) << 16
                    | (bytes[2] & 0xFFL) << 8 | bytes[3] & 0xFFL;
        }
        long prefix = 0;
        for (int i = 0; i < 8; i++) {
            prefix = prefix << 8 | bytes[i] & 0xFFL;
        }
        return prefix;
    }

    private static long mix(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return h ^ h >>> 29;
    }

    /** One stripe: addresses in the order they were last seen, the oldest forgotten past its share. */
    private static final class Stripe extends LinkedHashMap<Long, Long> {
        private final int max;

        Stripe(int max) {
            super(16, 0.75f, true);
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > max;
        }
    }
}
