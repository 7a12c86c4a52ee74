package io.herald.route.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks a free TCP port on 127.0.0.1 by letting the OS choose one. The port can still be taken before Redis
 * binds it; {@link RedisProcess} then retries with another. Thread-safe.
 */
final class FreePorts {

    /** Redis Cluster's bus listens on the client port plus this. */
    static final int CLUSTER_BUS_OFFSET = 10_000;

    private FreePorts() {
    }

    /** A free port; for a cluster node, one whose bus port (port + 10000) exists and is free too. */
    static int pick(boolean clusterBus) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = bindAndRelease(0);
            if (!clusterBus || port + CLUSTER_BUS_OFFSET <= 65_535 && bindAndRelease(port + CLUSTER_BUS_OFFSET) > 0) {
                return port;
            }
        }
        throw new IllegalStateException("no free port with a free cluster bus port (port + 10000)");
    }

    /** Binds the port and releases it: the port bound, or -1 if it was taken. */
    private static int bindAndRelease(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(RedisProcess.HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            if (port == 0) {
                throw new UncheckedIOException("no free port on " + RedisProcess.HOST, e);
            }
            return -1;
        }
    }
}
