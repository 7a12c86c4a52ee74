package io.herald.bench;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of one run. Immutable; built and validated by {@link Builder}, which fails fast with a
 * {@link BenchConfigException} naming the setting, the bad value and what was expected.
 *
 * @param scenario         what the run does once its connections are logged in
 * @param connections      how many WebSocket connections to open and log in, one user each
 * @param rate             operations per second: connections for {@code connect}, pushes otherwise; 0 is as fast
 *                         as the node takes them
 * @param duration         how long {@code connect} holds its connections idle, or how long the others push
 * @param count            how many pushes to send instead of pushing for {@code duration}; 0 for none
 * @param payloadSizeBytes the size of each push's {@code data} (its send time, padded)
 * @param httpConcurrency  how many keep-alive HTTP connections push, each with one request in flight
 * @param batch            users per unicast push: 1 sends {@code uid}, more send {@code uids}
 * @param group            the group broadcasts go to, which every connection joins; empty is everyone
 * @param warmup           how long to push before measuring; its pushes are checked but not measured
 * @param ws               the client address, {@code ws://host:port/ws}
 * @param api              the API address, {@code http://host:port}
 * @param apiKey           the node's API key, where it has one
 * @param secret           the node's HS256 secret, to mint real tokens; empty sends any token (development mode)
 * @param sourceAddresses  local addresses the connections are spread over; empty lets the system choose
 * @param serverPid        the node's process id, for its CPU and memory; 0 looks it up from the API port
 */
public record BenchConfig(
        Scenario scenario, int connections, int rate, Duration duration, long count, int payloadSizeBytes,
        int httpConcurrency, int batch, Optional<String> group, Duration warmup, URI ws, URI api,
        Optional<String> apiKey, Optional<String> secret, List<InetAddress> sourceAddresses, long serverPid) {

    /** The most users one {@code uids} push may name (the node's limit). */
    public static final int MAX_BATCH = 10_000;

    /** The shortest HS256 secret: as long as the hash, 256 bits. */
    static final int MIN_SECRET_BYTES = 32;

    public static Builder builder() {
        return new Builder();
    }

    /** Whether pushing stops after {@link #count()} pushes rather than after {@link #duration()}. */
    boolean counted() {
        return count > 0;
    }

    /** The settings as they go into a result, secrets left out (only whether they were given). */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario.label());
        m.put("connections", connections);
        m.put("rate", rate);
        m.put("duration", duration.toString());
        m.put("count", count);
        m.put("payloadSizeBytes", payloadSizeBytes);
        m.put("httpConcurrency", httpConcurrency);
        m.put("batch", batch);
        m.put("group", group.orElse(null));
        m.put("warmup", warmup.toString());
        m.put("ws", ws.toString());
        m.put("api", api.toString());
        m.put("apiKey", apiKey.isPresent());
        m.put("secret", secret.isPresent());
        m.put("sourceAddresses", sourceAddresses.stream().map(InetAddress::getHostAddress).toList());
        m.put("serverPid", serverPid);
        return m;
    }

    /** Builds a {@link BenchConfig} from the defaults of {@code herald bench --help}. Not thread-safe. */
    public static final class Builder {
        private Scenario scenario = Scenario.CONNECT;
        private int connections = 1000;
        private int rate;
        private Duration duration = Duration.ofSeconds(10);
        private long count;
        private int payloadSizeBytes = 64;
        private int httpConcurrency = 8;
        private int batch = 1;
        private String group;
        private Duration warmup = Duration.ZERO;
        private URI ws = URI.create("ws://127.0.0.1:8080/ws");
        private URI api = URI.create("http://127.0.0.1:8081");
        private String apiKey;
        private String secret;
        private List<InetAddress> sourceAddresses = List.of();
        private long serverPid;

        private Builder() {
        }

        public Builder scenario(Scenario scenario) {
            this.scenario = scenario;
            return this;
        }

        public Builder connections(int connections) {
            this.connections = connections;
            return this;
        }

        public Builder rate(int rate) {
            this.rate = rate;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder count(long count) {
            this.count = count;
            return this;
        }

        public Builder payloadSizeBytes(int payloadSizeBytes) {
            this.payloadSizeBytes = payloadSizeBytes;
            return this;
        }

        public Builder httpConcurrency(int httpConcurrency) {
            this.httpConcurrency = httpConcurrency;
            return this;
        }

        public Builder batch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder warmup(Duration warmup) {
            this.warmup = warmup;
            return this;
        }

        public Builder ws(URI ws) {
            this.ws = ws;
            return this;
        }

        public Builder api(URI api) {
            this.api = api;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        /** Addresses and ranges, comma-separated: {@code 127.0.0.1-127.0.0.8,10.0.0.5}; null or empty for none. */
        public Builder sourceAddresses(String spec) {
            this.sourceAddresses = spec == null ? List.of() : SourceAddresses.parse(spec);
            return this;
        }

        public Builder serverPid(long serverPid) {
            this.serverPid = serverPid;
            return this;
        }

        public BenchConfig build() {
            if (scenario == null) {
                throw new BenchConfigException("scenario", null, "connect, broadcast or unicast");
            }
            positive("connections", connections);
            atLeastZero("rate", rate);
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new BenchConfigException("duration", duration, "> 0");
            }
            atLeastZero("count", count);
            atLeastZero("payloadSizeBytes", payloadSizeBytes);
            positive("httpConcurrency", httpConcurrency);
            if (batch < 1 || batch > MAX_BATCH) {
                throw new BenchConfigException("batch", batch, "1 to " + MAX_BATCH);
            }
            if (batch > connections) {
                throw new BenchConfigException("batch", batch, "at most --connections (" + connections + ")");
            }
            if (group != null && group.isEmpty()) {
                throw new BenchConfigException("group", "''", "a group name");
            }
            if (warmup == null || warmup.isNegative()) {
                throw new BenchConfigException("warmup", warmup, ">= 0");
            }
            address("ws", ws, "ws");
            address("api", api, "http");
            if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw new BenchConfigException("secret", "(hidden)", "at least " + MIN_SECRET_BYTES + " bytes");
            }
            atLeastZero("serverPid", serverPid);
            return new BenchConfig(scenario, connections, rate, duration, count, payloadSizeBytes, httpConcurrency,
                    batch, Optional.ofNullable(group), warmup, ws, api, Optional.ofNullable(apiKey),
                    Optional.ofNullable(secret), List.copyOf(sourceAddresses), serverPid);
        }

        private static void positive(String setting, long value) {
            if (value <= 0) {
                throw new BenchConfigException(setting, value, "> 0");
            }
        }

        private static void atLeastZero(String setting, long value) {
            if (value < 0) {
                throw new BenchConfigException(setting, value, ">= 0");
            }
        }

        private static void address(String setting, URI uri, String scheme) {
            if (uri == null || !scheme.equals(uri.getScheme()) || uri.getHost() == null) {
                throw new BenchConfigException(setting, uri, "an address such as " + scheme + "://127.0.0.1:8080"
                        + ("ws".equals(scheme) ? "/ws" : "") + " (" + scheme + " only)");
            }
        }
    }
}
