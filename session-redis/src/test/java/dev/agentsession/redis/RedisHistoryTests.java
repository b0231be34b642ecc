package dev.agentsession.redis;

import java.time.Clock;

import dev.agentsession.conformance.HistoryConformanceTests;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The history conformance suite (compaction, context, retention) on the local Redis and on a three-master Redis
 * Cluster (see {@link RedisTarget}).
 */
@ParameterizedClass(name = "{0}")
@MethodSource(RedisTarget.STANDALONE_AND_CLUSTER)
class RedisHistoryTests extends HistoryConformanceTests<RedisSessionStore> {

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
}
