package dev.agentsession.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.agentsession.store.LocalServer;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Connection factories and namespace cleanup for the Redis tests.
 */
final class RedisTestSupport {

    private RedisTestSupport() {
    }

    /**
     * A namespace no other test class uses.
     * @return the namespace
     */
    static String randomNamespace() {
        return "agent-session-test:" + UUID.randomUUID();
    }

    static LettuceConnectionFactory standalone(String host, int port, Duration commandTimeout) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port),
                LettuceClientConfiguration.builder().commandTimeout(commandTimeout).build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    static LettuceConnectionFactory local() {
        LocalServer.REDIS.require();
        return standalone(LocalServer.REDIS.host(), LocalServer.REDIS.port(), Duration.ofSeconds(10));
    }

    static LettuceConnectionFactory cluster(List<Integer> ports) {
        List<String> nodes = ports.stream().map((port) -> "127.0.0.1:" + port).toList();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisClusterConfiguration(nodes),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(10)).build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /**
     * Deletes every key of a namespace (SCAN + DEL; never FLUSHALL) on a standalone server.
     * @param factory the connections
     * @param namespace the namespace
     * @return how many keys were deleted
     */
    static long deleteNamespace(LettuceConnectionFactory factory, String namespace) {
        StringRedisTemplate redis = new StringRedisTemplate(factory);
        List<String> keys = new ArrayList<>();
        String pattern = new RedisKeys(namespace).namespacePattern();
        try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(pattern).count(1000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        long deleted = 0;
        for (String key : keys) {
            deleted += Boolean.TRUE.equals(redis.delete(key)) ? 1 : 0;
        }
        return deleted;
    }
}
