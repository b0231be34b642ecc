package dev.agentsession.redis;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import dev.agentsession.auth.AuthContextCipher;
import dev.agentsession.testservers.LocalServer;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;
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

    private static final SecureRandom RANDOM = new SecureRandom();

    private RedisTestSupport() {
    }

    /**
     * A namespace no other test class uses.
     * @return the namespace
     */
    static String randomNamespace() {
        return "agent-session-test:" + UUID.randomUUID();
    }

    /**
     * A cipher of a fresh random 32-byte key.
     * @return the cipher
     */
    static AuthContextCipher randomCipher() {
        return AuthContextCipher.of(randomKey(), List.of(), new SessionCodec().mapper());
    }

    /**
     * A random AES-256 key, base64-encoded as {@code agent.session.auth.encryption-key} expects.
     * @return the key
     */
    static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static RedisAuthSessionStore authStore(LettuceConnectionFactory factory, String namespace,
            @Nullable AuthContextCipher cipher) {
        return new RedisAuthSessionStore(factory, new SessionCodec(), namespace, cipher);
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
