package io.herald.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.herald.gateway.auth.JwtConfig;
import io.herald.gateway.auth.TestKeys;
import io.herald.gateway.client.ClientLimits;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A storm of ES256 logins against a real node (alone, {@code --jwt-public-key}, no command rate), and meanwhile a
 * client already logged in that sends a heartbeat every 5 ms and times each reply. Prints the storm's logins a second
 * (from the first login written to the last reply read) and the heartbeats' latencies during it. Not a test: run it
 * by hand, with the gateway module's test classpath, {@code java … io.herald.gateway.LoginStormBench [logins]
 * [rounds]} (benchmarks/README.md, "Login storms").
 */
public final class LoginStormBench {

    private static final KeyPair P256 = TestKeys.ec("secp256r1");

    public static void main(String[] args) throws Exception {
        int logins = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("herald-storm");
        Path pem = TestKeys.pem(dir, P256);
        GatewayFixture gateway = GatewayFixture.start(b -> b.secret(null)
                .jwt(JwtConfig.builder().jwtPublicKey(pem).build())
                .clientLimits(ClientLimits.builder().commandRate(0).build()));
        try (RawWebSocket alice = RawWebSocket.open(gateway.server().clientAddress())) {
            alice.login("alice", es256("alice"));
            for (int round = 1; round <= rounds; round++) {
                storm(gateway, alice, logins, round);
            }
        } finally {
            gateway.close();
        }
    }

    private static void storm(GatewayFixture gateway, RawWebSocket alice, int logins, int round) throws Exception {
        List<RawWebSocket> storm = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            storm.add(RawWebSocket.open(gateway.server().clientAddress()));
            String uid = "r" + round + "u" + i;
            frames.add(RawWebSocket.frame(RawWebSocket.TEXT, RawWebSocket.utf8("{\"id\":\"l\",\"cmd\":\"login\","
                    + "\"uid\":\"" + uid + "\",\"token\":\"" + es256(uid) + "\"}")));
        }
        int readers = 8;
        CountDownLatch done = new CountDownLatch(readers);
        AtomicBoolean failed = new AtomicBoolean();
        for (int r = 0; r < readers; r++) {
            int first = r;
            Thread reader = new Thread(() -> {
                for (int i = first; i < logins; i += readers) {
                    Map<String, Object> reply = storm.get(i).nextJson();
                    if (!Integer.valueOf(200).equals(reply.get("code"))) {
                        failed.set(true);
                    }
                }
                done.countDown();
            });
            reader.start();
        }
        AtomicBoolean stormOver = new AtomicBoolean();
        List<Long> latencies = new ArrayList<>();
        Thread heartbeats = new Thread(() -> {
            int n = 0;
            while (!stormOver.get()) {
                long sent = System.nanoTime();
                alice.sendText("{\"id\":\"h" + n++ + "\",\"cmd\":\"heartbeat\"}");
                alice.nextJson();
                latencies.add(System.nanoTime() - sent);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        });
        long start = System.nanoTime();
        heartbeats.start();
        for (int i = 0; i < logins; i++) {
            storm.get(i).write(frames.get(i));
        }
        done.await();
        long took = System.nanoTime() - start;
        stormOver.set(true);
        heartbeats.join();
        storm.forEach(RawWebSocket::close);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("round %d: %d ES256 logins in %d ms: %.0f logins/s%s; %d heartbeats meanwhile, "
                        + "latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", round, logins,
                TimeUnit.NANOSECONDS.toMillis(took), logins * 1e9 / took, failed.get() ? " (SOME REFUSED)" : "",
                sorted.length, ms(sorted, 0.50), ms(sorted, 0.99), sorted.length == 0 ? 0.0
                        : sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static String es256(String uid) {
        return TestKeys.sign(JWSAlgorithm.ES256, P256.getPrivate(), null, new JWTClaimsSet.Builder().subject(uid)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600))).build());
    }

    private LoginStormBench() {
    }
}
