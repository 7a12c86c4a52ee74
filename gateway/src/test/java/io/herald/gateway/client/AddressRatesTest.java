package io.herald.gateway.client;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class AddressRatesTest {

    private static final long SECOND = 1_000_000_000L;

    private final AddressRates rates = new AddressRates(2, 3);

    @Test
    void anAddressMayOpenItsBurstAtOnceThenItsRate() throws UnknownHostException {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 3; i++) {
            assertThat(rates.tryConnect(a, 0)).as("connection %d of the burst", i + 1).isZero();
        }

        assertThat(rates.tryConnect(a, 0)).as("the wait for the next one: half a second").isEqualTo(SECOND / 2);
        assertThat(rates.tryConnect(a, SECOND / 2 - 1)).isEqualTo(1);
        assertThat(rates.tryConnect(a, SECOND / 2)).isZero();
        assertThat(rates.tryConnect(a, SECOND / 2)).isPositive();
    }

    @Test
    void refusalsDoNotSpendTheBudget() throws UnknownHostException {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 3; i++) {
            rates.tryConnect(a, 0);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(rates.tryConnect(a, 0)).isPositive();
        }

        assertThat(rates.tryConnect(a, SECOND / 2)).isZero();
    }

    @Test
    void anIdleAddressGetsItsWholeBurstBack() throws UnknownHostException {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 3; i++) {
            rates.tryConnect(a, 0);
        }

        for (int i = 0; i < 3; i++) {
            assertThat(rates.tryConnect(a, 10 * SECOND)).isZero();
        }
        assertThat(rates.tryConnect(a, 10 * SECOND)).isPositive();
    }

    @Test
    void addressesAreCountedApartAndIpv6ByItsSlash64() throws UnknownHostException {
        for (int i = 0; i < 3; i++) {
            rates.tryConnect(InetAddress.getByName("192.0.2.1"), 0);
            rates.tryConnect(InetAddress.getByName("2001:db8:1:2::1"), 0);
        }

        assertThat(rates.tryConnect(InetAddress.getByName("192.0.2.2"), 0)).as("another IPv4 address").isZero();
        assertThat(rates.tryConnect(InetAddress.getByName("2001:db8:1:2:ffff::9"), 0)).as("the same /64")
                .isPositive();
        assertThat(rates.tryConnect(InetAddress.getByName("2001:db8:1:3::1"), 0)).as("another /64").isZero();
    }

    @Test
    void aFloodFromManyAddressesCannotGrowTheTable() throws UnknownHostException {
        InetAddress first = InetAddress.getByName("10.0.0.0");
        for (int i = 0; i < 3; i++) {
            rates.tryConnect(first, 0);
        }
        assertThat(rates.tryConnect(first, 0)).isPositive();

        byte[] address = {10, 0, 0, 0};
        for (int i = 1; i <= 4 * AddressRates.CAPACITY; i++) {
            address[1] = (byte) (i >> 16);
            address[2] = (byte) (i >> 8);
            address[3] = (byte) i;
            assertThat(rates.tryConnect(InetAddress.getByAddress(address), 0)).isZero();
        }

        assertThat(rates.size()).isLessThanOrEqualTo(AddressRates.CAPACITY);
        assertThat(rates.tryConnect(first, 0)).as("forgotten: a full bucket again").isZero();
    }

    @Test
    void noLimitLetsEveryoneIn() throws UnknownHostException {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 1000; i++) {
            assertThat(AddressRates.NONE.tryConnect(a, 0)).isZero();
        }
        assertThat(AddressRates.NONE.limited()).isFalse();
    }
}
