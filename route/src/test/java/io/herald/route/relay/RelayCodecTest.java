package io.herald.route.relay;

import io.herald.codec.Json;
import io.herald.codec.WireException;
import io.herald.route.ConnectionRoute;
import io.herald.route.LocalNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelayCodecTest {

    private static final String FRAME = "{\"cmd\":\"push\",\"id\":\"m-1\",\"data\":{\"n\":1e400,\"s\":\"\\u00e9\"}}";

    private final Json json = new Json();
    private final RecordingNode node = new RecordingNode();

    @Test
    void everyOperationTravelsAndIsAppliedInOrderWithTheFrameBytesAsEncoded() throws WireException {
        ByteBuf frame = Unpooled.copiedBuffer(FRAME, StandardCharsets.UTF_8);
        List<RelayOp> ops = List.of(
                new RelayOp.ToUsers(List.of("alice", "bob"), frame.retainedDuplicate()),
                new RelayOp.ToConnection("n2:ab:1", frame.retainedDuplicate()),
                new RelayOp.ToGroup("room1", frame.retainedDuplicate()),
                new RelayOp.ToAll(frame.retainedDuplicate()),
                new RelayOp.KickUser("carol"),
                new RelayOp.KickConnection("n2:ab:2"),
                new RelayOp.Join("room2", "dave"),
                new RelayOp.Leave("room3", "erin"));
        ByteBuf body = Unpooled.buffer();

        RelayCodec.encode(ops, body);

        assertThat(frame.refCnt()).as("every op released its reference").isEqualTo(1);
        frame.release();
        List<Integer> results = RelayCodec.apply(json, ByteBufUtil.getBytes(body), node, UnpooledByteBufAllocator.DEFAULT);
        body.release();
        assertThat(node.calls).containsExactly("users [alice, bob]", "conn n2:ab:1", "group room1", "all",
                "kick-user carol", "kick-conn n2:ab:2", "join room2 dave", "leave room3 erin");
        assertThat(node.frames).containsOnly(FRAME).hasSize(4);
        assertThat(results).containsExactly(2, 1, 3, 4, 5, 6, 0, 0);
    }

    @Test
    void readsTheCountsOfAResponse() throws WireException {
        byte[] response = "{\"code\":200,\"msg\":\"ok\",\"data\":{\"results\":[2,0,7]}}".getBytes(StandardCharsets.UTF_8);

        assertThat(RelayCodec.results(json, response, 3)).containsExactly(2, 0, 7);
        assertThatThrownBy(() -> RelayCodec.results(json, response, 2)).isInstanceOf(WireException.class);
    }

    @Test
    void refusesWhatIsNotARelayRequest() {
        assertThatThrownBy(() -> apply("{}")).hasMessage("missing field 'ops'");
        assertThatThrownBy(() -> apply("{\"ops\":[{\"op\":\"explode\"}]}")).hasMessage("unknown relay op 'explode'");
        assertThatThrownBy(() -> apply("{\"ops\":[{\"op\":\"users\",\"frame\":{}}]}")).hasMessage("missing field 'uids'");
        assertThatThrownBy(() -> apply("{\"ops\":[{\"op\":\"all\"}]}")).hasMessage("missing field 'frame'");
        assertThat(node.calls).isEmpty();
    }

    private List<Integer> apply(String body) throws WireException {
        return RelayCodec.apply(json, body.getBytes(StandardCharsets.UTF_8), node, UnpooledByteBufAllocator.DEFAULT);
    }

    /** Records each call and the frame bytes it was handed; answers distinct counts. */
    private static final class RecordingNode implements LocalNode {
        final List<String> calls = new ArrayList<>();
        final List<String> frames = new ArrayList<>();

        private int record(String call, ByteBuf frame, int result) {
            calls.add(call);
            if (frame != null) {
                frames.add(frame.toString(StandardCharsets.UTF_8));
            }
            return result;
        }

        @Override
        public String id() {
            return "n1";
        }

        @Override
        public String address() {
            return "127.0.0.1:1";
        }

        @Override
        public int connectionCount() {
            return 0;
        }

        @Override
        public List<ConnectionRoute> localRoutes() {
            return List.of();
        }

        @Override
        public Collection<String> localUsers() {
            return List.of();
        }

        @Override
        public int deliverToUsers(Collection<String> uids, ByteBuf frame) {
            return record("users " + uids, frame, 2);
        }

        @Override
        public int deliverToConnection(String conn, ByteBuf frame) {
            return record("conn " + conn, frame, 1);
        }

        @Override
        public int deliverToGroup(String group, ByteBuf frame) {
            return record("group " + group, frame, 3);
        }

        @Override
        public int deliverToAll(ByteBuf frame) {
            return record("all", frame, 4);
        }

        @Override
        public void joinLocal(String group, String uid) {
            record("join " + group + " " + uid, null, 0);
        }

        @Override
        public void leaveLocal(String group, String uid) {
            record("leave " + group + " " + uid, null, 0);
        }

        @Override
        public int kickUser(String uid) {
            return record("kick-user " + uid, null, 5);
        }

        @Override
        public int kickConnection(String conn) {
            return record("kick-conn " + conn, null, 6);
        }
    }
}
