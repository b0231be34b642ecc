package dev.agentsession.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conformance.LeaseWorker;
import dev.agentsession.store.SessionCodec;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The second node of {@link RedisLeaseProcessTests}: a Redis store in the same namespace, run as a
 * {@link LeaseWorker}. Arguments: "standalone" and host:port, or "cluster" and the nodes' ports joined by commas; the
 * namespace; then the session's tenant, app, user and id.
 */
final class RedisLeaseWorker {

    private RedisLeaseWorker() {
    }

    public static void main(String[] args) throws Exception {
        LettuceConnectionFactory factory;
        if (args[0].equals("cluster")) {
            List<Integer> ports = Arrays.stream(args[1].split(",")).map(Integer::valueOf).toList();
            factory = RedisTestSupport.cluster(ports);
        }
        else {
            String[] hostPort = args[1].split(":");
            factory = RedisTestSupport.standalone(hostPort[0], Integer.parseInt(hostPort[1]), Duration.ofSeconds(10));
        }
        try {
            RedisSessionStore store = new RedisSessionStore(factory, new SessionCodec(), args[2]);
            Clock clock = Clock.systemUTC();
            LeaseWorker.run(new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(clock), clock,
                    new SessionCodec(), SessionSettings.defaults()), LeaseWorker.ref(args, 3));
        }
        finally {
            factory.destroy();
        }
    }
}
