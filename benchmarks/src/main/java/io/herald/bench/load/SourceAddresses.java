package io.herald.bench.load;

import io.herald.codec.InvalidConfigException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the local addresses connections are spread over: {@code 127.0.0.1-127.0.0.8,10.0.0.5}. Each source
 * address has its own ephemeral ports towards the node, so more addresses hold more connections to one port.
 */
public final class SourceAddresses {

    /** A range wider than this is a typo rather than a plan. */
    static final int MAX_ADDRESSES = 1024;

    private static final String EXPECTED = "IPv4 addresses or ranges, comma-separated, such as 127.0.0.1-127.0.0.8";

    private SourceAddresses() {
    }

    /** The addresses of {@code spec}, in its order. */
    public static List<InetAddress> parse(String spec) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String item : spec.split(",")) {
            String part = item.trim();
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            long first = ipv4(dash < 0 ? part : part.substring(0, dash), spec);
            long last = dash < 0 ? first : ipv4(part.substring(dash + 1), spec);
            if (last < first || addresses.size() + last - first + 1 > MAX_ADDRESSES) {
                throw new InvalidConfigException("sourceAddresses", spec, EXPECTED + ", at most " + MAX_ADDRESSES);
            }
            for (long a = first; a <= last; a++) {
                addresses.add(address(a));
            }
        }
        return List.copyOf(addresses);
    }

    private static long ipv4(String text, String spec) {
        String[] octets = text.trim().split("\\.", -1);
        if (octets.length != 4) {
            throw new InvalidConfigException("sourceAddresses", spec, EXPECTED);
        }
        long value = 0;
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                throw new InvalidConfigException("sourceAddresses", spec, EXPECTED);
            }
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }

    private static InetAddress address(long value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return Inet4Address.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
