package io.herald.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.codec.testing.JsonFuzz;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the API's body decoding over a real node (issue 12), with jqwik from a fixed seed and a bounded number of
 * tries: (a) any mutation of a valid body, or of an input of the API corpus ({@code fuzz-corpus/api}), sent to its
 * endpoint is answered 200 or 400 as {@code {"code":…,"msg":…,"data":…}}, never a 500 or a closed connection (every
 * try goes over the same keep-alive connection, so one that was closed fails the next), nothing is logged at WARN
 * or above, and clients beside are still served; (b) any JSON value pushed as {@code data} reaches the client byte
 * for byte.
 */
class ApiFuzzIT {

    /** A valid body of each endpoint, as the mutations' first input. */
    private static final List<Body> VALID = List.of(
            new Body("/api/push", "{\"uid\":\"nobody\",\"id\":\"f-1\",\"data\":{\"k\":[1,\"x\",null]},\"ttl\":\"1m\"}"),
            new Body("/api/push", "{\"uids\":[\"nobody\",\"nobody-2\"],\"data\":1,\"receipt\":true}"),
            new Body("/api/push", "{\"conn\":\"c-none\",\"data\":\"d\"}"),
            new Body("/api/broadcast", "{\"group\":\"fuzz-room\",\"id\":\"b-1\",\"data\":[true]}"),
            new Body("/api/groups/join", "{\"group\":\"fuzz-room\",\"uid\":\"nobody\"}"),
            new Body("/api/groups/leave", "{\"group\":\"fuzz-room\",\"uid\":\"nobody\"}"),
            new Body("/api/kick", "{\"uid\":\"nobody\"}"),
            new Body("/api/kick", "{\"conn\":\"c-none\"}"));

    private GatewayFixture gateway;
    private KeepAliveHttp http;
    private WsClient alice;
    private WsClient bystander;
    private final AtomicLong ids = new AtomicLong();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    /** A body and the path it is for. */
    record Body(String path, byte[] bytes) {
        Body(String path, String json) {
            this(path, json.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return path + " " + new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @BeforeProperty
    void start() {
        log.setContext(root.getLoggerContext());
        log.start();
        root.addAppender(log);
        gateway = GatewayFixture.start();
        alice = gateway.login("alice");
        bystander = gateway.login("bob");
        http = new KeepAliveHttp(gateway.server().apiAddress(), gateway.server().config().apiKeys().stream().findFirst());
    }

    @AfterProperty
    void stop() {
        try {
            stillServed(alice);
            stillServed(bystander);
            synchronized (log) {
                assertThat(log.list).as("nothing logged at WARN or above, no stack trace")
                        .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
            }
        } finally {
            root.detachAppender(log);
            log.stop();
            http.close();
            gateway.close();
        }
    }

    /**
     * Checks that a client is still served: a push to its connection arrives. A mutated broadcast may have lost its
     * group and gone to everyone, so the client reads up to it.
     */
    private void stillServed(WsClient client) {
        String id = "sentinel-" + ids.incrementAndGet();
        assertThat(gateway.api().push(java.util.Map.of("conn", client.conn(), "id", id, "data", 1))
                .data("delivered")).isEqualTo(1);
        while (!id.equals(client.nextPush().get("id"))) {
            assertThat(client.closed()).isFalse();
        }
    }

    @Property(tries = 1500, seed = JsonFuzz.SEED)
    void anyMutationOfABodyIsAnswered200Or400OnTheSameConnection(@ForAll("bodies") Body body,
                                                                 @ForAll("mutations") List<JsonFuzz.Mutation> changes) {
        KeepAliveHttp.Answer answer = http.post(body.path(), JsonFuzz.mutate(body.bytes(), changes));

        assertThat(answer.status()).as("%s", answer.body()).isIn(200, 400);
        assertThat(answer.body()).containsEntry("code", answer.status()).containsKeys("msg", "data");
        assertThat(answer.closing()).as("the connection is kept").isFalse();
    }

    @Property(tries = 100, seed = JsonFuzz.SEED)
    void anyValuePushedAsDataReachesTheClientByteForByte(@ForAll("values") String data) {
        String id = "rt-" + ids.incrementAndGet();

        KeepAliveHttp.Answer answer = http.post("/api/push",
                "{\"conn\":\"" + alice.conn() + "\",\"id\":\"" + id + "\",\"data\":" + data + "}");

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        assertThat(alice.nextText()).isEqualTo("{\"cmd\":\"push\",\"id\":\"" + id + "\",\"data\":" + data + "}");
    }

    @Provide
    Arbitrary<Body> bodies() {
        List<Body> inputs = new ArrayList<>(VALID);
        for (Path file : JsonFuzz.corpus("api")) {
            String endpoint = "/api/" + file.getParent().getFileName().toString().replace("groups-", "groups/");
            inputs.add(new Body(endpoint, JsonFuzz.bytes(file)));
        }
        return Arbitraries.of(inputs);
    }

    @Provide
    Arbitrary<List<JsonFuzz.Mutation>> mutations() {
        return JsonFuzz.mutations();
    }

    @Provide
    Arbitrary<String> values() {
        return JsonFuzz.values(3);
    }
}
