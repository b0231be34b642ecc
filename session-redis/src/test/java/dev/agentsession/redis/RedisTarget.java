package dev.agentsession.redis;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.agentsession.testservers.LocalServer;
import dev.agentsession.testservers.RedisTestCluster;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A Redis that a parameterized test class runs against, with a namespace of its own: the local server
 * (127.0.0.1:6379, or {@code REDIS_HOST} / {@code REDIS_PORT}), or a three-master Redis Cluster started from
 * {@code redis-server} on free loopback ports and reached through the Lettuce cluster client. The class
 * {@link #connect() connects} before its invocation on a target and {@link #disconnect() disconnects} after.
 */
final class RedisTarget {

    /** The argument source of a {@code @ParameterizedClass} that runs on both kinds of Redis. */
    static final String STANDALONE_AND_CLUSTER = "dev.agentsession.redis.RedisTarget#standaloneAndCluster";

    private final boolean cluster;

    private final String namespace = RedisTestSupport.randomNamespace();

    private @Nullable RedisTestCluster nodes;

    private @Nullable LettuceConnectionFactory factory;

    private RedisTarget(boolean cluster) {
        this.cluster = cluster;
    }

    /**
     * A fresh standalone and a fresh cluster target, for one run of a test class.
     * @return the targets
     */
    static Stream<RedisTarget> standaloneAndCluster() {
        return Stream.of(new RedisTarget(false), new RedisTarget(true));
    }

    /**
     * Connects: requires the local server, or starts the cluster.
     * @throws Exception if the cluster cannot be started
     */
    void connect() throws Exception {
        if (this.cluster) {
            this.nodes = RedisTestCluster.start();
            this.factory = RedisTestSupport.cluster(this.nodes.ports());
        }
        else {
            this.factory = RedisTestSupport.local();
        }
    }

    /**
     * The connections of this target.
     * @return the factory
     */
    LettuceConnectionFactory factory() {
        return Objects.requireNonNull(this.factory, "not connected");
    }

    /**
     * The namespace the tests of this target write in.
     * @return the namespace
     */
    String namespace() {
        return this.namespace;
    }

    /**
     * Deletes the namespace from the shared local server, or stops the cluster (and its keys with it), and
     * closes the connections.
     * @throws Exception if the cluster cannot be stopped
     */
    void disconnect() throws Exception {
        try {
            if (this.factory != null) {
                if (!this.cluster) {
                    RedisTestSupport.deleteNamespace(this.factory, this.namespace);
                }
                this.factory.destroy();
            }
        }
        finally {
            this.factory = null;
            if (this.nodes != null) {
                this.nodes.close();
                this.nodes = null;
            }
        }
    }

    /**
     * How a process of its own reaches this target ({@link RedisLeaseWorker}): "cluster" and the nodes' ports
     * joined by commas, or "standalone" and host:port; then the namespace.
     * @return the arguments
     */
    List<String> processArguments() {
        if (this.cluster) {
            return List.of("cluster", Objects.requireNonNull(this.nodes, "not connected").ports().stream()
                .map(String::valueOf).collect(Collectors.joining(",")), this.namespace);
        }
        return List.of("standalone", LocalServer.REDIS.host() + ":" + LocalServer.REDIS.port(), this.namespace);
    }

    @Override
    public String toString() {
        return this.cluster ? "cluster" : "standalone";
    }
}
