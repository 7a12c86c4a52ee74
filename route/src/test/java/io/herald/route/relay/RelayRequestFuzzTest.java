package io.herald.route.relay;

import io.herald.codec.Json;
import io.herald.codec.ReplyCode;
import io.herald.codec.StreamPosition;
import io.herald.codec.WireException;
import io.herald.codec.testing.JsonFuzz;
import io.herald.route.Delivery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the reader of {@code /internal/relay} requests (issue 12) with jqwik, a bounded number of tries from a fixed
 * seed: any mutation of a valid request yields its operations or a {@link WireException} 400, never another
 * exception (which the API would answer by closing the connection), and the operations it yields hold frames that
 * are JSON objects.
 */
class RelayRequestFuzzTest {

    private static final String FRAME = "{\"cmd\":\"push\",\"id\":\"m-1\",\"data\":{\"n\":1e400,\"s\":\"\\u00e9\"}}";

    private final Json json = new Json();

    @Property(tries = 3000, seed = JsonFuzz.SEED)
    void anyMutationOfARequestIsReadOrRefusedWithA400(@ForAll("requests") byte[] request,
                                                      @ForAll("mutations") List<JsonFuzz.Mutation> mutations) {
        byte[] mutated = JsonFuzz.mutate(request, mutations);
        List<RelayOp> ops;
        try {
            ops = RelayCodec.decode(json, mutated, UnpooledByteBufAllocator.DEFAULT);
        } catch (WireException e) {
            assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        for (RelayOp op : ops) {
            if (op.delivery() != null) {
                assertThat(op.delivery().frame().getByte(op.delivery().frame().readerIndex())).isEqualTo((byte) '{');
            }
            RelayOp.release(op);
        }
    }

    @Provide
    Arbitrary<byte[]> requests() {
        Delivery.Acks acks = new Delivery.Acks(2500, true, true);
        return Arbitraries.of(
                encode(List.of(new RelayOp.ToUsers(List.of("alice", "bob"), new Delivery("m-1", "user:alice",
                        new StreamPosition("e1", 42), frame(), acks)))),
                encode(List.of(new RelayOp.ToConnection("n2:ab:1", delivery()), new RelayOp.ToGroup("room1",
                        delivery()), new RelayOp.ToAll(delivery()))),
                encode(List.of(new RelayOp.KickUser("carol"), new RelayOp.KickConnection("n2:ab:2"),
                        new RelayOp.Join("room2", "dave"), new RelayOp.Leave("room3", "erin"))));
    }

    @Provide
    Arbitrary<List<JsonFuzz.Mutation>> mutations() {
        return JsonFuzz.mutations();
    }

    private static ByteBuf frame() {
        return Unpooled.copiedBuffer(FRAME, StandardCharsets.UTF_8);
    }

    private static Delivery delivery() {
        return new Delivery("m-1", null, null, frame(), Delivery.Acks.NONE);
    }

    private static byte[] encode(List<RelayOp> ops) {
        ByteBuf body = Unpooled.buffer();
        try {
            RelayCodec.encode(ops, body);
            return ByteBufUtil.getBytes(body);
        } finally {
            body.release();
        }
    }
}
