package io.herald.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients at once: 200 users, each connected and logged in, each pushed three messages by uid from
 * several backend threads at the same time. Every client must receive exactly its own three, in order, and
 * nothing meant for anyone else.
 */
class ManyClientsIT {

    private static final int USERS = 200;
    private static final int PUSHES_EACH = 3;
    private static final int BACKEND_THREADS = 8;

    private GatewayFixture gateway;
    private ExecutorService backends;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start();
        backends = Executors.newFixedThreadPool(BACKEND_THREADS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        backends.shutdownNow();
        assertThat(backends.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        gateway.close();
    }

    @Test
    void eachOfTwoHundredClientsReceivesExactlyItsOwnPushes() {
        List<WsClient> clients = connectAll();
        assertThat(gateway.server().connectionCount()).isEqualTo(USERS);

        // Each user's pushes go out one after another (so they stay in order); users go out in parallel.
        List<CompletableFuture<Void>> pushes = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            String uid = uid(u);
            pushes.add(CompletableFuture.runAsync(() -> {
                for (int n = 1; n <= PUSHES_EACH; n++) {
                    Object delivered = gateway.api().push(Map.of("uid", uid, "id", uid + "-m" + n,
                            "data", Map.of("to", uid, "n", n))).data("delivered");
                    assertThat(delivered).as("delivered count of %s-m%d", uid, n).isEqualTo(1);
                }
            }, backends));
        }
        CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new)).join();

        Set<String> conns = new HashSet<>();
        for (int u = 0; u < USERS; u++) {
            WsClient client = clients.get(u);
            for (int n = 1; n <= PUSHES_EACH; n++) {
                assertThat(client.next()).as("push %d to %s", n, uid(u)).isEqualTo(Map.of("cmd", "push",
                        "id", uid(u) + "-m" + n, "stream", "user:" + uid(u), "seq", n, "data", Map.of("to", uid(u), "n", n)));
            }
            conns.add(client.conn());
        }
        assertThat(conns).hasSize(USERS);
        // Every push above was accepted before these: anything misdelivered would come first.
        gateway.assertNothingMoreFor(clients.toArray(WsClient[]::new));
    }

    /** Connects every client at once, then logs each in. */
    private List<WsClient> connectAll() {
        List<CompletableFuture<WsClient>> connecting = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            connecting.add(WsClient.connectAsync(gateway.websocketUri()));
        }
        List<WsClient> clients = new ArrayList<>();
        for (CompletableFuture<WsClient> future : connecting) {
            clients.add(gateway.track(future.orTimeout(WsClient.WAIT.toSeconds(), TimeUnit.SECONDS).join()));
        }
        for (int u = 0; u < USERS; u++) {
            clients.get(u).send(Map.of("id", "login", "cmd", "login", "uid", uid(u), "token", gateway.token(uid(u))));
        }
        for (int u = 0; u < USERS; u++) {
            WsClient client = clients.get(u);
            Map<String, Object> reply = client.next();
            assertThat(reply).as("login of %s", uid(u)).containsEntry("code", 200);
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) reply.get("data");
            client.useConnection((String) data.get("conn"));
        }
        return clients;
    }

    private static String uid(int u) {
        return "user-" + u;
    }
}
