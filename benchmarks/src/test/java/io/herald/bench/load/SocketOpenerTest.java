package io.herald.bench.load;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
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

    @Test
    void anUpgradeLoginRidesInTheQueryEncoded() {
        assertThat(SocketOpener.upgradeLogin(URI.create("ws://127.0.0.1:8080/ws"), "run1-7", "a.b+c/d="))
                .hasToString("ws://127.0.0.1:8080/ws?uid=run1-7&token=a.b%2Bc%2Fd%3D");
        assertThat(SocketOpener.upgradeLogin(URI.create("ws://127.0.0.1:8080/ws?app=x"), "u", "t"))
                .hasToString("ws://127.0.0.1:8080/ws?app=x&uid=u&token=t");
    }
}
