package io.herald.route.redis;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Connects to what {@code --redis} names: one {@code redis://} or {@code rediss://} URI (password and
 * database in it) for a single server, or several, comma-separated, as the seeds of a Redis Cluster.
 */
final class RedisClients {

    private RedisClients() {
    }

    /** A pooled client; for a single server it connects lazily, for a cluster it reads the topology now. */
    static UnifiedJedis connect(String uris, int poolSize) {
        org.apache.commons.pool2.impl.GenericObjectPoolConfig<redis.clients.jedis.Connection> pool =
                new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        // Ping idle connections every second, so those broken by a Redis restart are replaced before use.
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(java.time.Duration.ofSeconds(1));
        pool.setNumTestsPerEvictionRun(-1);
        if (!uris.contains(",")) {
            return RedisClient.builder().fromURI(URI.create(uris.trim())).poolConfig(pool).build();
        }
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        URI first = null;
        for (String part : uris.split(",")) {
            URI uri = URI.create(part.trim());
            first = first == null ? uri : first;
            seeds.add(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()));
        }
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .ssl("rediss".equals(first.getScheme()));
        String userInfo = first.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon > 0) {
                config.user(userInfo.substring(0, colon));
            }
            config.password(colon < 0 ? userInfo : userInfo.substring(colon + 1));
        }
        return RedisClusterClient.builder().nodes(seeds).clientConfig(config.build()).poolConfig(pool).build();
    }
}
