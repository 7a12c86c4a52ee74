package io.herald.bench.jmh;

import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.RawJson;
import io.herald.codec.WireException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Reading the body of {@code POST /api/push} as its endpoint does, the first step of every push: the JSON object
 * ({@link JsonObject#parse}), its target ({@code uid}, {@code uids} or {@code conn}), its options and its {@code id}
 * and {@code data}. Bodies as a backend writes them: to one user with 16 B and 1 KiB of data, and to 100 users.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PushBodyBenchmark {

    private Json json;
    private byte[] small;
    private byte[] kilobyte;
    private byte[] hundredUsers;

    @Setup
    public void setUp() {
        json = new Json();
        small = utf8("{\"uid\":\"user-48213\",\"id\":\"m-1f3a9c\",\"data\":{\"text\":\"hi there\"}}");
        String text = "h\u00e9llo w\u00f6rld, ".repeat(80).substring(0, 1000);
        kilobyte = utf8("{\"uid\":\"user-48213\",\"id\":\"m-1f3a9c\",\"ttl\":\"10m\",\"receipt\":true,"
                + "\"data\":{\"text\":\"" + text + "\",\"n\":[1,2,3]}}");
        String uids = IntStream.range(0, 100).mapToObj(i -> "\"user-" + (48213 + i) + "\"")
                .collect(Collectors.joining(","));
        hundredUsers = utf8("{\"uids\":[" + uids + "],\"id\":\"m-1f3a9c\",\"data\":{\"text\":\"hi there\"}}");
    }

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** What {@code PushEndpoint}, {@code PushOptions} and {@code Publisher} read of a body. */
    private RawJson read(byte[] body) throws WireException {
        JsonObject object = JsonObject.parse(json, body, 0, body.length);
        String uid = object.optName("uid");
        List<String> uids = object.optStringList("uids");
        String conn = object.optName("conn");
        String await = object.optString("await");
        boolean ttl = object.has("ttl") && object.optString("ttl") != null;
        boolean receipt = object.optBoolean("receipt");
        String id = object.optName("id");
        RawJson data = object.optRaw("data");
        if (uid == null && uids == null && conn == null || await != null || id == null || !ttl && receipt) {
            throw new IllegalStateException("not the body this benchmark reads");
        }
        return data;
    }

    @Benchmark
    public RawJson small() throws WireException {
        return read(small);
    }

    @Benchmark
    public RawJson kilobyte() throws WireException {
        return read(kilobyte);
    }

    @Benchmark
    public RawJson hundredUsers() throws WireException {
        return read(hundredUsers);
    }
}
