package io.herald.bench.load;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SocketOpenerTest {

    @Test
    void everyNodeSeesEverySourceAddressInTurn() {
        List<InetAddress> sources = SourceAddresses.parse("127.0.0.1-127.0.0.4");
        List<Set<InetAddress>> seenByNode = List.of(new HashSet<>(), new HashSet<>());
        List<InetAddress> node0 = new ArrayList<>();

        for (int i = 0; i < 16; i++) {
            InetAddress source = SocketOpener.source(sources, 2, i);
            seenByNode.get(i % 2).add(source);
            if (i % 2 == 0) {
                node0.add(source);
            }
        }

        assertThat(seenByNode.get(0)).containsExactlyInAnyOrderElementsOf(sources);
        assertThat(seenByNode.get(1)).containsExactlyInAnyOrderElementsOf(sources);
        assertThat(node0.subList(0, 4)).containsExactlyElementsOf(sources);
    }

    @Test
    void withoutSourceAddressesTheSystemChooses() {
        assertThat(SocketOpener.source(List.of(), 3, 7)).isNull();
    }
}
