package io.herald.route.relay;

import io.herald.codec.Json;
import io.herald.codec.ReplyCode;
import io.herald.codec.StreamPosition;
import io.herald.codec.WireException;
import io.herald.route.Delivered;
import io.herald.route.Delivery;
import io.herald.route.testing.RecordingNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RelayCodecTest {

    private static final String FRAME = "{\"cmd\":\"push\",\"id\":\"m-1\",\"data\":{\"n\":1e400,\"s\":\"\\u00e9\"}}";

    private final Json json = new Json();
    private final RecordingNode node = new RecordingNode("n1");

    @Test
    void everyOperationTravelsAndIsAppliedInOrderWithTheFrameBytesAsEncoded() throws WireException {
        ByteBuf frame = Unpooled.copiedBuffer(FRAME, StandardCharsets.UTF_8);
        Delivery.Acks acks = new Delivery.Acks(2500, true, true);
        List<RelayOp> ops = List.of(
                new RelayOp.ToUsers(List.of("alice", "bob"), new Delivery("m-1", "user:alice",
                        new StreamPosition("e1", 42), frame.retainedDuplicate(), acks)),
                new RelayOp.ToConnection("n2:ab:1", delivery(frame)),
                new RelayOp.ToGroup("room1", delivery(frame)),
                new RelayOp.ToAll(delivery(frame)),
                new RelayOp.KickUser("carol"),
                new RelayOp.KickConnection("n2:ab:2"),
                new RelayOp.ReplaceConnection("n2:ab:3"),
                new RelayOp.Join("room2", "dave"),
                new RelayOp.Leave("room3", "erin"));
        ByteBuf body = Unpooled.buffer();

        RelayCodec.encode(ops, body);

        assertThat(frame.refCnt()).as("every op released its reference").isEqualTo(1);
        frame.release();
        byte[] request = ByteBufUtil.getBytes(body);
        body.release();
        List<Delivered> results = RelayOp.applyAll(RelayCodec.decode(json, request, UnpooledByteBufAllocator.DEFAULT),
                node).toCompletableFuture().join();
        assertThat(node.calls()).containsExactly("users [alice, bob]", "conn n2:ab:1", "group room1", "all",
                "kick-user carol", "kick-conn n2:ab:2", "replace-conn n2:ab:3", "join room2 dave", "leave room3 erin");
        assertThat(node.frames()).containsOnly(FRAME).hasSize(4);
        assertThat(results).extracting(Delivered::written).containsExactly(2, 1, 3, 4, 5, 6, 1, 0, 0);
        Delivery users = node.deliveries().get(0);
        assertThat(users.id()).isEqualTo("m-1");
        assertThat(users.stream()).isEqualTo("user:alice");
        assertThat(users.position()).isEqualTo(new StreamPosition("e1", 42));
        assertThat(users.acks()).isEqualTo(acks);
        Delivery conn = node.deliveries().get(1);
        assertThat(conn.stream()).isNull();
        assertThat(conn.position()).isNull();
        assertThat(conn.acks()).isEqualTo(Delivery.Acks.NONE);
    }

    @Test
    void answersOnceEveryDeliveryIsWrittenWithTheCountsInTheOrderOfTheOps() throws WireException {
        node.gate();
        String body = "{\"ops\":[{\"op\":\"users\",\"uids\":[\"alice\"],\"id\":\"m-1\",\"frame\":" + FRAME + "},"
                + "{\"op\":\"kick-user\",\"uid\":\"carol\"},"
                + "{\"op\":\"group\",\"group\":\"room1\",\"id\":\"m-1\",\"frame\":" + FRAME + "}]}";

        CompletableFuture<List<Delivered>> results = apply(body).toCompletableFuture();

        assertThat(node.calls()).containsExactly("users [alice]", "kick-user carol", "group room1");
        assertThat(node.copies()).as("each copy released once the node returned").hasSize(2)
                .allSatisfy(copy -> assertThat(copy.refCnt()).isZero());
        assertThat(results).isNotDone();
        node.pending(1).complete(new Delivered(9, 0));
        assertThat(results).as("the first delivery is still being written").isNotDone();
        node.pending(0).complete(new Delivered(2, 1));
        assertThat(results.join()).containsExactly(new Delivered(2, 1), new Delivered(5, 0), new Delivered(9, 0));
    }

    @Test
    void aMalformedOpLaterInTheRequestChangesNothing() {
        String body = "{\"ops\":[{\"op\":\"all\",\"id\":\"m-1\",\"frame\":" + FRAME + "},{\"op\":\"kick-user\"}]}";

        assertThatThrownBy(() -> apply(body)).hasMessage("missing field 'uid'");
        assertThat(node.calls()).isEmpty();
    }

    @Test
    void readsTheCountsOfAResponse() throws WireException {
        byte[] response = "{\"code\":200,\"msg\":\"ok\",\"data\":{\"results\":[2,0,7],\"acked\":[1,0,0]}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] older = "{\"code\":200,\"msg\":\"ok\",\"data\":{\"results\":[2]}}".getBytes(StandardCharsets.UTF_8);

        assertThat(RelayCodec.results(json, response, 3))
                .containsExactly(new Delivered(2, 1), new Delivered(0, 0), new Delivered(7, 0));
        assertThat(RelayCodec.results(json, older, 1)).containsExactly(new Delivered(2, 0));
        assertThatThrownBy(() -> RelayCodec.results(json, response, 2)).isInstanceOf(WireException.class);
    }

    @Test
    void readsFieldsInAnyOrderSkipsUnknownOnesAndTakesTheFrameBytesAsTheyCame() throws WireException {
        String tricky = "{\"cmd\":\"push\",\"id\":\"m-1\",\"data\":{\"s\":\"} ] \\\" {\",\"a\":[{},[]]}}";
        String body = "{\"v\":2,\"ops\":[{\"frame\":" + tricky + ",\"extra\":{\"x\":[1,2]},\"stream\":null,"
                + "\"seq\":7,\"uids\":[\"alice\"],\"epoch\":\"e1\",\"id\":\"m-1\",\"op\":\"users\"}],\"more\":[1]}";

        apply(body);

        assertThat(node.frames()).containsExactly(tricky);
        assertThat(node.deliveries().get(0).position()).isEqualTo(new StreamPosition("e1", 7));
        assertThat(node.deliveries().get(0).stream()).isNull();
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        assertThatThrownBy(() -> apply("{\"ops\":{}}")).hasMessage("field 'ops' must be an array of objects");
        assertThatThrownBy(() -> apply("{\"ops\":[{\"op\":\"kick-user\",\"uid\":7}]}"))
                .hasMessage("field 'uid' must be a string");
        assertThatThrownBy(() -> apply("{\"ops\":[{\"op\":\"all\",\"id\":\"m\",\"seq\":\"7\",\"frame\":{}}]}"))
                .hasMessage("field 'seq' must be an integer >= 0");
        assertThatThrownBy(() -> apply("{\"ops\":[{\"op\":\"users\",\"uids\":[\"\"],\"id\":\"m\",\"frame\":{}}]}"))
                .hasMessage("field 'uids' must be an array of non-empty strings");
        assertThatThrownBy(() -> apply("{\"ops\":[]} x")).isInstanceOf(WireException.class);
        assertThat(node.calls()).isEmpty();
    }

    @Test
    void refusesWhatIsNotARelayRequest() {
        assertThatThrownBy(() -> apply("{}")).hasMessage("missing field 'ops'");
        assertThatThrownBy(() -> apply("{\"ops\":[{\"op\":\"explode\"}]}")).hasMessage("unknown relay op 'explode'");
        assertThatThrownBy(() -> apply("{\"ops\":[{\"op\":\"users\",\"id\":\"m\",\"frame\":{}}]}"))
                .hasMessage("missing field 'uids'");
        assertThatThrownBy(() -> apply("{\"ops\":[{\"op\":\"all\",\"id\":\"m\"}]}")).hasMessage("missing field 'frame'");
        assertThatThrownBy(() -> apply("{\"ops\":[{\"op\":\"all\",\"frame\":{}}]}")).hasMessage("missing field 'id'");
        assertThat(node.calls()).isEmpty();
    }

    /**
     * Hostile relay requests (issue 12): each a 400 naming the problem, never another exception (an empty epoch beside
     * a seq used to escape as an IllegalArgumentException, which the API answered by closing the connection), and no
     * operation applied.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"ops\":[{\"op\":\"all\",\"id\":\"m\",\"epoch\":\"\",\"seq\":1,\"frame\":{}}]}"
                + " | field 'epoch' must not be empty",
        "{\"ops\":[{\"op\":\"all\",\"id\":\"m\",\"epoch\":\"e\",\"seq\":-1,\"frame\":{}}]}"
                + " | field 'seq' must be an integer >= 0",
        "{\"ops\":[{\"op\":\"all\",\"id\":\"m\",\"epoch\":\"e\",\"seq\":99999999999999999999,\"frame\":{}}]}"
                + " | field 'seq' must be an integer >= 0",
        "{\"ops\":[{\"op\":\"all\",\"id\":\"m\",\"await\":1.5,\"frame\":{}}]} | field 'await' must be an integer >= 0",
        "{\"ops\":[{\"op\":\"all\",\"id\":\"m\",\"frame\":\"x\"}]} | field 'frame' must be an object",
        "{\"ops\":[{\"op\":\"all\",\"id\":\"m\",\"frame\":[]}]} | field 'frame' must be an object",
        "{\"ops\":[{\"op\":\"kick-user\",\"op\":\"all\",\"uid\":\"a\"}]} | duplicate field 'op'",
        "{\"ops\":[{\"op\":\"all\",\"id\":\"m\",\"frame\":{},\"frame\":{}}]} | duplicate field 'frame'",
        "{\"ops\":[],\"ops\":[{\"op\":\"kick-user\",\"uid\":\"a\"}]} | duplicate field 'ops'",
        "{\"ops\":[{\"op\":\"kick-user\",\"uid\":\"a\"}] | malformed JSON: Unexpected end-of-input",
        "[{\"op\":\"kick-user\",\"uid\":\"a\"}] | expected a JSON object",
        "\uFEFF{\"ops\":[]} | malformed JSON: a byte order mark (expected: UTF-8 JSON text without one)",
    })
    void aHostileRequestIsA400AndAppliesNothing(String body, String message) {
        WireException e = catchThrowableOfType(WireException.class, () -> apply(body));

        assertThat(e).as("WireException for %s", body).isNotNull();
        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(e.getMessage()).startsWith(message);
        assertThat(node.calls()).isEmpty();
    }

    @Test
    void deepNestingInAFrameIsA400() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        String body = "{\"ops\":[{\"op\":\"all\",\"id\":\"m\",\"frame\":{\"data\":" + deep + "}}]}";

        assertThatThrownBy(() -> apply(body)).isInstanceOf(WireException.class).hasMessageContaining("nesting depth");
        assertThat(node.calls()).isEmpty();
    }

    private static Delivery delivery(ByteBuf frame) {
        return new Delivery("m-1", null, null, frame.retainedDuplicate(), Delivery.Acks.NONE);
    }

    private CompletionStage<List<Delivered>> apply(String body) throws WireException {
        List<RelayOp> ops = RelayCodec.decode(json, body.getBytes(StandardCharsets.UTF_8),
                UnpooledByteBufAllocator.DEFAULT);
        return RelayOp.applyAll(ops, node);
    }
}
