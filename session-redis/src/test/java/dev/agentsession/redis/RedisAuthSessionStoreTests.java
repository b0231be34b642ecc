package dev.agentsession.redis;

import java.time.Clock;

import dev.agentsession.conformance.AuthSessionStoreConformanceTests;
import org.junit.jupiter.api.AfterAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The auth conformance suite on the local Redis, with a cipher of a random key, in a namespace of its own that
 * is deleted afterwards.
 */
class RedisAuthSessionStoreTests extends AuthSessionStoreConformanceTests<RedisAuthSessionStore> {

    private static final String NAMESPACE = RedisTestSupport.randomNamespace();

    private static LettuceConnectionFactory factory;

    @Override
    protected RedisAuthSessionStore createStore(Clock clock) {
        if (factory == null) {
            factory = RedisTestSupport.local();
        }
        return RedisTestSupport.authStore(factory, NAMESPACE, RedisTestSupport.randomCipher());
    }

    @AfterAll
    static void deleteKeys() {
        if (factory != null) {
            RedisTestSupport.deleteNamespace(factory, NAMESPACE);
            factory.destroy();
            factory = null;
        }
    }
}
