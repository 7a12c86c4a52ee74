package io.herald.bench.load;

import io.herald.bench.measure.DeliveryLedger;
import io.herald.bench.measure.MicroClock;
import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.WireException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PushSourceTest {

    private static final long FAR = Long.MAX_VALUE / 2;
    private static final int DEFAULT_PAYLOAD = 64;

    private final Json json = new Json();
    private final DeliveryLedger ledger = new DeliveryLedger();
    private final List<PushRequest> issued = new ArrayList<>();

    @AfterEach
    void release() {
        issued.forEach(p -> p.body().release());
    }

    @Test
    void aBroadcastCarriesItsIdSendTimeAndPaddingToThePayloadSize() throws WireException {
        PushSource source = source(200, PushTarget.broadcast("room", () -> 40));
        source.budget(0, System.nanoTime() + FAR);

        PushRequest push = next(source, 1_700_000_000_000_001L);
        JsonObject body = parse(push);

        assertThat(push.path()).isEqualTo("/api/broadcast");
        assertThat(body.optString("group")).isEqualTo("room");
        assertThat(body.optString("id")).isEqualTo("run1.0");
        assertThat(body.optObject("data").optLong("t", -1)).isEqualTo(1_700_000_000_000_001L);
        assertThat(body.optRaw("data").length()).isEqualTo(200);
        assertThat(ledger.expectedSoFar()).isEqualTo(40);
    }

    @Test
    void aSmallPayloadIsTheSendTimeAlone() throws WireException {
        PushSource source = source(0, PushTarget.broadcast(null, () -> 1));
        source.budget(0, System.nanoTime() + FAR);

        assertThat(parse(next(source, 1_700_000_000_000_001L)).optRaw("data").toString())
                .isEqualTo("{\"t\":1700000000000001}");
    }

    @Test
    void unicastBatchesNameDistinctUsers() throws WireException {
        String[] uids = {"u0", "u1", "u2", "u3", "u4"};
        PushSource source = source(DEFAULT_PAYLOAD, PushTarget.unicast(uids, 5));
        source.budget(0, System.nanoTime() + FAR);

        JsonObject body = parse(next(source, 1));

        assertThat(new HashSet<>(body.optStringList("uids"))).containsExactlyInAnyOrder(uids);
        assertThat(ledger.expectedSoFar()).isEqualTo(5);
    }

    @Test
    void aSingleUnicastNamesOneUid() throws WireException {
        PushSource source = source(DEFAULT_PAYLOAD, PushTarget.unicast(new String[] {"only"}, 1));
        source.budget(0, System.nanoTime() + FAR);

        PushRequest push = next(source, 1);

        assertThat(push.path()).isEqualTo("/api/push");
        assertThat(parse(push).optString("uid")).isEqualTo("only");
    }

    @Test
    void anNchanBroadcastIsPublishedToTheSharedChannelAndItsBodyIsTheFrameTheClientReads() throws WireException {
        RunIds ids = new RunIds("run1");
        PushSource source = source(100, PushTarget.nchanBroadcast(URI.create("http://127.0.0.1:18090/pub/"),
                new NchanChannels(ids, true), () -> 40));
        source.budget(0, System.nanoTime() + FAR);

        PushRequest push = next(source, 1_700_000_000_000_001L);

        assertThat(push.path()).isEqualTo("/pub/run1-all");
        String body = push.body().toString(StandardCharsets.US_ASCII);
        assertThat(body).startsWith("{\"cmd\":\"push\",\"id\":\"run1.0\",\"data\":{\"t\":1700000000000001,\"pad\":\"x");
        PushReader reader = new PushReader(PushReader.prefix(ids));
        assertThat(reader.read(push.body(), push.body().readerIndex(), push.body().readableBytes()))
                .as("nchan delivers the body as the frame: the fast reader takes it").isTrue();
        assertThat(reader.seq()).isZero();
        assertThat(reader.sentMicros()).isEqualTo(1_700_000_000_000_001L);
        assertThat(parse(push).optRaw("data").length()).isEqualTo(100);
        assertThat(ledger.expectedSoFar()).isEqualTo(40);
    }

    @Test
    void anNchanUnicastIsPublishedToTheChannelOfOneSubscribedConnection() throws WireException {
        RunIds ids = new RunIds("run1");
        PushSource source = source(DEFAULT_PAYLOAD, PushTarget.nchanUnicast(URI.create("http://127.0.0.1:18090/pub/"),
                new NchanChannels(ids, false), new int[] {4, 9}));
        source.budget(0, System.nanoTime() + FAR);
        Set<String> paths = new HashSet<>();

        for (int i = 0; i < 64; i++) {
            PushRequest push = next(source, 1);
            paths.add(push.path());
            assertThat(parse(push).optString("cmd")).isEqualTo("push");
        }

        assertThat(paths).isSubsetOf("/pub/run1-4", "/pub/run1-9").isNotEmpty();
        assertThat(ledger.expectedSoFar()).as("one delivery each").isEqualTo(64);
    }

    @Test
    void stopsAtTheCountAndGoesOnWithTheNextBudget() {
        PushSource source = source(DEFAULT_PAYLOAD, PushTarget.broadcast(null, () -> 1));
        source.budget(3, System.nanoTime() + FAR);
        for (int i = 0; i < 3; i++) {
            assertThat(next(source, i)).isNotNull();
        }
        assertThat(next(source, 3)).isNull();
        assertThat(source.exhausted()).isTrue();

        source.budget(1, System.nanoTime() + FAR);

        assertThat(next(source, 4).seq()).isEqualTo(3);
        assertThat(source.issued()).isEqualTo(4);
    }

    @Test
    void stopsAtTheDeadline() {
        PushSource source = source(DEFAULT_PAYLOAD, PushTarget.broadcast(null, () -> 1));
        source.budget(0, System.nanoTime() - 1);

        assertThat(source.next()).isNull();
    }

    private PushSource source(int payloadSizeBytes, PushTarget target) {
        RunContext run = new RunContext(new RunIds("run1"), json, new MicroClock(), ledger);
        return new PushSource(run, target, payloadSizeBytes, UnpooledByteBufAllocator.DEFAULT);
    }

    private PushRequest next(PushSource source, long sentMicros) {
        PushRequest push = source.next(sentMicros);
        if (push != null) {
            issued.add(push);
        }
        return push;
    }

    private JsonObject parse(PushRequest push) throws WireException {
        byte[] bytes = ByteBufUtil.getBytes(push.body());
        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("{").endsWith("}}");
        return JsonObject.parse(json, bytes, 0, bytes.length);
    }
}
