package dev.agentsession.redis;

import java.time.Clock;

import dev.agentsession.conformance.PrivacyConformanceTests;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The privacy conformance suite on the local Redis and on a three-master Redis Cluster (see {@link RedisTarget}),
 * session and auth stores in one namespace per target, the auth store with a cipher of a random key. On the cluster
 * it shows that a user's data spread over the hash tags of several apps is found and erased.
 */
@ParameterizedClass(name = "{0}")
@MethodSource(RedisTarget.STANDALONE_AND_CLUSTER)
class RedisPrivacyTests extends PrivacyConformanceTests<RedisSessionStore> {

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
    protected RedisSessionStore createStore(Clock clock) {
        return new RedisSessionStore(this.redis.factory(), new SessionCodec(), this.redis.namespace());
    }

    @Override
    protected AuthSessionStore createAuthStore(Clock clock) {
        return RedisTestSupport.authStore(this.redis.factory(), this.redis.namespace(),
                RedisTestSupport.randomCipher());
    }
}
