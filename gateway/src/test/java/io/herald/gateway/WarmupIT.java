package io.herald.gateway;

import io.herald.gateway.upstream.UpstreamConfig;
import io.herald.route.testing.TestHttpServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up runs real logins and pushes on a throwaway node, then the real node starts and serves. */
class WarmupIT {

    @Test
    void aWarmUpRunsItsLoginsOnAThrowawayNodeAndTheNodeThenServes() {
        GatewayConfig config = GatewayConfig.builder().host("127.0.0.1").port(0).apiPort(0)
                .secret(GatewayFixture.SECRET).warmupLogins(300).build();

        assertThat(Warmup.run(config, Transport.detect())).as("the logins, and more while the JIT is busy")
                .isBetween(300, 600);

        try (GatewayFixture gateway = GatewayFixture.start(settings -> settings.warmupLogins(300))) {
            WsClient alice = gateway.login("alice");
            assertThat(gateway.api().get("/api/online?uid=w0-0").expect(200).data("online"))
                    .as("nothing of the warm-up is left in the node").isEqualTo(false);
            assertThat(gateway.api().push(Map.of("uid", "alice", "id", "m-1", "data", 1)).data("delivered"))
                    .isEqualTo(1);
            assertThat(alice.nextPush()).containsEntry("id", "m-1");
        }
    }

    @Test
    void aNodeWhoseLoginsItsAuthUpstreamChecksWarmsUpWithoutCallingIt() throws InterruptedException {
        try (TestHttpServer backend = new TestHttpServer(request -> new TestHttpServer.Answer.Http(200, ""))) {
            GatewayConfig config = GatewayConfig.builder().host("127.0.0.1").port(0).apiPort(0).warmupLogins(100)
                    .upstream(UpstreamConfig.builder()
                            .authUpstream(URI.create("http://" + backend.address() + "/auth")).build())
                    .build();

            assertThat(Warmup.run(config, Transport.detect())).isBetween(100, 200);
            assertThat(backend.requests()).as("no call to the backend").isEmpty();
        }
    }

    @Test
    void noLoginsMeansNoWarmUp() {
        GatewayConfig config = GatewayConfig.builder().host("127.0.0.1").port(0).apiPort(0).warmupLogins(0).build();

        assertThat(Warmup.run(config, Transport.detect())).isZero();
    }
}
