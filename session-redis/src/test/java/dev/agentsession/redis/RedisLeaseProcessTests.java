package dev.agentsession.redis;

import java.util.List;

import dev.agentsession.conformance.LeaseProcessConformanceTests;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Run leases between this JVM and a {@link RedisLeaseWorker} process, on the local Redis and on a three-master Redis
 * Cluster, both nodes in the same namespace.
 */
@ParameterizedClass(name = "{0}")
@MethodSource(RedisTarget.STANDALONE_AND_CLUSTER)
class RedisLeaseProcessTests extends LeaseProcessConformanceTests<RedisSessionStore> {

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
    protected RedisSessionStore createStore() {
        return new RedisSessionStore(this.redis.factory(), new SessionCodec(), this.redis.namespace());
    }

    @Override
    protected Class<?> workerMainClass() {
        return RedisLeaseWorker.class;
    }

    @Override
    protected List<String> workerArguments() {
        return this.redis.processArguments();
    }
}
