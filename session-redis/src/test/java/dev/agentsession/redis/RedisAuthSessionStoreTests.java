package dev.agentsession.redis;

import java.time.Clock;

import dev.agentsession.conformance.AuthSessionStoreConformanceTests;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The auth conformance suite on the local Redis and on a three-master Redis Cluster (see {@link RedisTarget}),
 * with a cipher of a random key, in a namespace of its own per target. On the cluster it shows that every auth
 * script touches keys of one tenant's hash tag only.
 */
@ParameterizedClass(name = "{0}")
@MethodSource(RedisTarget.STANDALONE_AND_CLUSTER)
class RedisAuthSessionStoreTests extends AuthSessionStoreConformanceTests<RedisAuthSessionStore> {

    @Parameter
    RedisTarget redis;

    @BeforeParameterizedClassInvocation
    static void connect(RedisTarget redis) throws Exception {
        redis.connect();
    }

    @AfterParameterizedClassInvocation
    static void disconnect(RedisTarget redis) throws Exception {
        redis.disconnect();
    }

    @Override
    protected RedisAuthSessionStore createStore(Clock clock) {
        return RedisTestSupport.authStore(this.redis.factory(), this.redis.namespace(),
                RedisTestSupport.randomCipher());
    }
}
