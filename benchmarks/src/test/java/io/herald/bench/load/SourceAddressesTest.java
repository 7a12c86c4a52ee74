package io.herald.bench.load;

import io.herald.codec.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceAddressesTest {

    @Test
    void readsRangesAndSingleAddresses() {
        assertThat(SourceAddresses.parse("127.0.0.1-127.0.0.3, 10.0.0.255-10.0.1.0,192.168.1.7"))
                .extracting(InetAddress::getHostAddress)
                .containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3", "10.0.0.255", "10.0.1.0", "192.168.1.7");
    }

    @Test
    void refusesWhatIsNoRange() {
        for (String bad : new String[] {"127.0.0.8-127.0.0.1", "127.0.0", "127.0.0.256", "localhost", "::1",
                "10.0.0.0-10.0.255.255"}) {
            assertThatThrownBy(() -> SourceAddresses.parse(bad)).as(bad)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageStartingWith("sourceAddresses: " + bad + " (expected: IPv4 addresses or ranges");
        }
    }
}
