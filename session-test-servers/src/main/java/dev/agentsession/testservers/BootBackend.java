package dev.agentsession.testservers;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The backends a framework test runs on, each selected the way an application selects it: with
 * {@code agent.session.*}, {@code spring.datasource.*} and {@code spring.data.redis.*} properties only. Each started
 * backend has its own random table prefix or key namespace, so that runs never meet on a shared server, and a
 * one-hour time-to-live, so that what a failed run leaves on a shared Redis goes away.
 */
public enum BootBackend {

    MEMORY, H2, SQLITE, POSTGRESQL, MARIADB, REDIS, REDIS_CLUSTER;

    /**
     * Starts what this backend needs for one test class: checks that its server is reachable (skipping, or failing
     * under {@code CI=true}, when it is not) or starts a Redis Cluster.
     * @return the started backend
     * @throws Exception if the cluster cannot start
     */
    public Started start() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String prefix = "agent.session.jdbc.table-prefix=T" + id.toUpperCase(Locale.ROOT) + "_";
        String namespace = "agent.session.redis.namespace=test:" + id;
        return switch (this) {
            case MEMORY -> new Started(List.of("agent.session.store-type=memory"), null);
            case H2 -> new Started(List.of("agent.session.store-type=jdbc",
                    "spring.datasource.url=jdbc:h2:mem:" + id + ";DB_CLOSE_DELAY=-1", prefix), null);
            case SQLITE -> new Started(List.of("agent.session.store-type=jdbc",
                    "spring.datasource.url=jdbc:sqlite:target/" + id + ".db?journal_mode=WAL&busy_timeout=30000",
                    prefix), null);
            case POSTGRESQL -> {
                LocalServer.POSTGRESQL.require();
                yield new Started(List.of("agent.session.store-type=jdbc", "agent.session.jdbc.initialize-schema=always",
                        "spring.datasource.url=jdbc:postgresql://" + address(LocalServer.POSTGRESQL) + "/test",
                        "spring.datasource.username=postgres", prefix), null);
            }
            case MARIADB -> {
                LocalServer.MARIADB.require();
                yield new Started(List.of("agent.session.store-type=jdbc", "agent.session.jdbc.initialize-schema=always",
                        "spring.datasource.url=jdbc:mariadb://" + address(LocalServer.MARIADB) + "/test",
                        "spring.datasource.username=root", "spring.datasource.password=", prefix), null);
            }
            case REDIS -> {
                LocalServer.REDIS.require();
                yield new Started(List.of("agent.session.store-type=redis",
                        "spring.data.redis.host=" + LocalServer.REDIS.host(),
                        "spring.data.redis.port=" + LocalServer.REDIS.port(), "spring.data.redis.timeout=5s",
                        namespace), null);
            }
            case REDIS_CLUSTER -> {
                RedisTestCluster cluster = RedisTestCluster.start();
                String nodes = cluster.ports().stream().map((port) -> "127.0.0.1:" + port)
                    .collect(Collectors.joining(","));
                yield new Started(List.of("agent.session.store-type=redis", "spring.data.redis.cluster.nodes=" + nodes,
                        "spring.data.redis.timeout=5s", "spring.data.redis.lettuce.cluster.refresh.adaptive=true",
                        namespace), cluster);
            }
        };
    }

    private static String address(LocalServer server) {
        return server.host() + ":" + server.port();
    }

    /**
     * A backend started for one test class.
     *
     * @param properties the properties that select and reach it
     * @param cluster the Redis Cluster started for it, or {@code null}
     */
    public record Started(List<String> properties, @Nullable RedisTestCluster cluster) {

        public Started {
            properties = Stream.concat(properties.stream(), Stream.of("agent.session.ttl=1h")).toList();
        }

        /**
         * Stops what {@link BootBackend#start()} started.
         * @throws InterruptedException if interrupted while the cluster stops
         */
        public void stop() throws InterruptedException {
            if (this.cluster != null) {
                this.cluster.close();
            }
        }
    }
}
