package io.herald.bench.load;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class NchanChannelsTest {

    private final RunIds ids = new RunIds("run1");

    @Test
    void eachConnectionSubscribesToItsUsersOwnChannel() {
        NchanChannels channels = new NchanChannels(ids, false);

        assertThat(channels.channel(7)).isEqualTo(ids.uid(7)).isEqualTo("run1-7");
        assertThat(channels.subscriber(URI.create("ws://127.0.0.1:18090/sub/"), 7))
                .isEqualTo(URI.create("ws://127.0.0.1:18090/sub/run1-7"));
    }

    @Test
    void whenTheRunBroadcastsEveryConnectionSubscribesToItsSharedChannelWhichNoUserCanBe() {
        NchanChannels channels = new NchanChannels(ids, true);

        assertThat(channels.channel(0)).isEqualTo(channels.channel(9)).isEqualTo("run1-all");
        assertThat(ids.seq(channels.sharedChannel())).as("not a message id either").isEqualTo(-1);
        assertThat(channels.subscriber(URI.create("ws://10.0.0.2/nchan/sub/"), 3))
                .isEqualTo(URI.create("ws://10.0.0.2/nchan/sub/run1-all"));
    }

    @Test
    void aPushIsPublishedToItsChannelUnderThePublisherLocationsPath() {
        assertThat(NchanChannels.publishPath(URI.create("http://127.0.0.1:18090/pub/"), "run1-7"))
                .isEqualTo("/pub/run1-7");
        assertThat(NchanChannels.publishPath(URI.create("http://127.0.0.1:18090/"), "run1-all"))
                .isEqualTo("/run1-all");
    }

    @Test
    void aLocationEndsWithASlashAndHasNoQuery() {
        assertThat(NchanChannels.isLocation(URI.create("ws://127.0.0.1:18090/sub/"))).isTrue();
        assertThat(NchanChannels.isLocation(URI.create("http://127.0.0.1:18090/"))).isTrue();
        assertThat(NchanChannels.isLocation(URI.create("ws://127.0.0.1:18090/sub"))).isFalse();
        assertThat(NchanChannels.isLocation(URI.create("http://127.0.0.1:18090"))).isFalse();
        assertThat(NchanChannels.isLocation(URI.create("http://127.0.0.1:18090/pub/?id="))).isFalse();
        assertThat(NchanChannels.isLocation(URI.create("http://127.0.0.1:18090/pub/#x"))).isFalse();
    }
}
