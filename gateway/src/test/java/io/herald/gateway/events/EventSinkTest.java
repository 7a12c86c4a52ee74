package io.herald.gateway.events;

import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.RawJson;
import io.herald.route.ClientTransport;
import io.herald.route.http.HttpClient;
import io.herald.route.testing.TestHttpServer;
import io.herald.route.testing.TestHttpServer.Answer;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The event sink against a real backend on 127.0.0.1: batches, order, retries and its bound on memory. */
class EventSinkTest {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final HttpClient http = new HttpClient(new ClientTransport(loops, NioSocketChannel.class),
            Duration.ofSeconds(2), 2, 1024);
    private final Json json = new Json();
    /** The batches the backend took (answered 2xx), each as its events' {@code n}. */
    private final List<List<Long>> taken = new CopyOnWriteArrayList<>();
    private final AtomicBoolean up = new AtomicBoolean(true);
    private TestHttpServer backend;

    @AfterEach
    void stop() {
        http.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (backend != null) {
            backend.close();
        }
    }

    private EventSink sink(int maxQueued) throws InterruptedException {
        backend = new TestHttpServer(request -> {
            if (!up.get()) {
                return new Answer.Http(503, "");
            }
            taken.add(numbers(request.body()));
            return new Answer.Http(200, "{}");
        });
        return new EventSink(http, URI.create("http://" + backend.address() + "/events"), Optional.of("s3cret"),
                loops.next(), UnpooledByteBufAllocator.DEFAULT, maxQueued);
    }

    @Test
    void eventsGoInOrderInBatchesOfAtMostAHundredWithTheSecret() throws Exception {
        EventSink sink = sink(EventSink.MAX_QUEUED);

        IntStream.range(0, 250).forEach(n -> sink.publish(event(n)));
        sink.drained().get(5, TimeUnit.SECONDS);

        assertThat(taken).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, EventSink.MAX_BATCH));
        assertThat(taken.stream().flatMap(List::stream).toList()).isEqualTo(range(0, 250));
        TestHttpServer.Request request = backend.requests().poll(5, TimeUnit.SECONDS);
        assertThat(request.path()).isEqualTo("/events");
        assertThat(request.authorization()).isEqualTo("Bearer s3cret");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void aBatchTheBackendRefusedGoesAgainBeforeWhatCameAfterIt() throws Exception {
        EventSink sink = sink(EventSink.MAX_QUEUED);
        up.set(false);

        sink.publish(event(0));
        assertThat(backend.requests().poll(5, TimeUnit.SECONDS)).as("the first try").isNotNull();
        IntStream.range(1, 5).forEach(n -> sink.publish(event(n)));
        up.set(true);
        sink.drained().get(5, TimeUnit.SECONDS);

        assertThat(taken.get(0)).containsExactly(0L);
        assertThat(taken.stream().flatMap(List::stream).toList()).isEqualTo(range(0, 5));
        assertThat(sink.dropped()).isZero();
    }

    @Test
    void pastItsBoundTheOldestWaitingEventsAreDroppedAndCounted() throws Exception {
        EventSink sink = sink(10);
        up.set(false);

        sink.publish(event(0));
        assertThat(backend.requests().poll(5, TimeUnit.SECONDS)).as("the first try").isNotNull();
        IntStream.range(1, 31).forEach(n -> sink.publish(event(n)));
        up.set(true);
        sink.drained().get(5, TimeUnit.SECONDS);

        List<Long> expected = new ArrayList<>(List.of(0L));
        expected.addAll(range(21, 31));
        assertThat(taken.stream().flatMap(List::stream).toList()).as("the batch in flight, then the newest ten")
                .isEqualTo(expected);
        assertThat(sink.dropped()).isEqualTo(20);
    }

    @Test
    void drainedCompletesAtOnceWhereNothingWaits() throws Exception {
        EventSink sink = sink(EventSink.MAX_QUEUED);

        sink.drained().get(1, TimeUnit.SECONDS);
        assertThat(backend.requests()).isEmpty();
    }

    private static byte[] event(int n) {
        return ("{\"n\":" + n + "}").getBytes(StandardCharsets.US_ASCII);
    }

    private List<Long> numbers(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            List<Long> numbers = new ArrayList<>();
            for (RawJson event : JsonObject.parse(json, bytes, 0, bytes.length).optElements("events")) {
                numbers.add(JsonObject.parse(json, event).optLong("n", -1));
            }
            return numbers;
        } catch (io.herald.codec.WireException e) {
            throw new AssertionError("not an events batch: " + body, e);
        }
    }

    private static List<Long> range(int from, int to) {
        return IntStream.range(from, to).mapToObj(n -> (long) n).toList();
    }
}
