package dev.agentsession.redis;

import dev.agentsession.testservers.RedisServerProcess;
import dev.agentsession.testservers.RedisTestCluster;
import java.time.Clock;

import dev.agentsession.store.SessionCodec;
import dev.agentsession.conformance.SessionStoreConformanceTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The conformance suite on a three-master Redis Cluster that this class starts from {@code redis-server} on
 * free loopback ports and stops afterwards, through the Lettuce cluster client.
 */
class RedisClusterSessionStoreTests extends SessionStoreConformanceTests<RedisSessionStore> {

    private static RedisTestCluster cluster;

    private static LettuceConnectionFactory factory;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisTestCluster.start();
        factory = RedisTestSupport.cluster(cluster.ports());
    }

    @Override
    protected RedisSessionStore createStore(Clock clock) {
        return new RedisSessionStore(factory, new SessionCodec(), RedisTestSupport.randomNamespace());
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
