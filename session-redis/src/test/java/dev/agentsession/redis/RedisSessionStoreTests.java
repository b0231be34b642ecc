package dev.agentsession.redis;

import java.time.Clock;

import dev.agentsession.store.SessionCodec;
import dev.agentsession.conformance.SessionStoreConformanceTests;
import org.junit.jupiter.api.AfterAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The conformance suite on the local Redis (127.0.0.1:6379, or {@code REDIS_HOST} / {@code REDIS_PORT}), in
 * a namespace of its own that is deleted afterwards.
 */
class RedisSessionStoreTests extends SessionStoreConformanceTests<RedisSessionStore> {

    private static final String NAMESPACE = RedisTestSupport.randomNamespace();

    private static LettuceConnectionFactory factory;

    @Override
    protected RedisSessionStore createStore(Clock clock) {
        if (factory == null) {
            factory = RedisTestSupport.local();
        }
        return new RedisSessionStore(factory, new SessionCodec(), NAMESPACE);
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
