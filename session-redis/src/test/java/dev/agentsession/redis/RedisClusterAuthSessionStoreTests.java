package dev.agentsession.redis;

import dev.agentsession.testservers.RedisServerProcess;
import dev.agentsession.testservers.RedisTestCluster;
import java.time.Clock;

import dev.agentsession.conformance.AuthSessionStoreConformanceTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The auth conformance suite on a three-master Redis Cluster that this class starts once and stops afterwards:
 * every auth script touches keys of one tenant's hash tag only.
 */
class RedisClusterAuthSessionStoreTests extends AuthSessionStoreConformanceTests<RedisAuthSessionStore> {

    private static RedisTestCluster cluster;

    private static LettuceConnectionFactory factory;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisTestCluster.start();
        factory = RedisTestSupport.cluster(cluster.ports());
    }

    @Override
    protected RedisAuthSessionStore createStore(Clock clock) {
        return RedisTestSupport.authStore(factory, RedisTestSupport.randomNamespace(),
                RedisTestSupport.randomCipher());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (factory != null) {
            factory.destroy();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
