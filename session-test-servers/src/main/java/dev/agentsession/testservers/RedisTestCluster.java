package dev.agentsession.testservers;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A three-master Redis Cluster (no replicas) that a test starts from the {@code redis-server} binary on free
 * loopback ports, in a directory under {@code target/}, and stops afterwards.
 */
public final class RedisTestCluster implements AutoCloseable {

    private final List<RedisServerProcess> nodes;

    private RedisTestCluster(List<RedisServerProcess> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts three nodes, joins them with {@code redis-cli --cluster create} and waits for
     * {@code cluster_state:ok} on every node.
     * @return the running cluster
     */
    public static RedisTestCluster start() throws IOException, InterruptedException {
        RedisServerProcess.requireBinaries();
        Path dir = Paths.get("target", "redis-cluster-" + UUID.randomUUID());
        List<RedisServerProcess> nodes = new ArrayList<>();
        RedisTestCluster cluster = new RedisTestCluster(nodes);
        try {
            for (int i = 0; i < 3; i++) {
                int port = RedisServerProcess.freePort();
                nodes.add(RedisServerProcess.start(dir.resolve("node-" + port), port, "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes-" + port + ".conf", "--cluster-node-timeout", "5000"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach((node) -> create.add("127.0.0.1:" + node.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String output = RedisServerProcess.run(create);
            if (!output.contains("All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
            }
            cluster.awaitOk();
            return cluster;
        }
        catch (IOException | InterruptedException | RuntimeException ex) {
            cluster.close();
            throw ex;
        }
    }

    private void awaitOk() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (RedisServerProcess node : this.nodes) {
                ok &= node.cli("cluster", "info").contains("cluster_state:ok");
            }
            if (ok) {
                return;
            }
            RedisServerProcess.sleep(100);
        }
        throw new IllegalStateException("The test cluster did not reach cluster_state:ok in 30 s");
    }

    public List<Integer> ports() {
        return this.nodes.stream().map(RedisServerProcess::port).toList();
    }

    @Override
    public void close() throws InterruptedException {
        for (RedisServerProcess node : this.nodes) {
            node.stop();
        }
    }
}
