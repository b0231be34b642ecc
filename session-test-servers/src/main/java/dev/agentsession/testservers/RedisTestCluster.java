package dev.agentsession.testservers;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A three-master Redis Cluster, without replicas or with one replica per master, that a test starts from the
 * {@code redis-server} binary on free loopback ports, in a directory under {@code target/}, and stops afterwards.
 */
public final class RedisTestCluster implements AutoCloseable {

    private final List<RedisServerProcess> nodes;

    private RedisTestCluster(List<RedisServerProcess> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts three masters, joins them with {@code redis-cli --cluster create} and waits for
     * {@code cluster_state:ok} on every node.
     * @return the running cluster
     */
    public static RedisTestCluster start() throws IOException, InterruptedException {
        return start(0, Duration.ofSeconds(5));
    }

    /**
     * Starts three masters and a replica of each, so that a replica takes over when a test stops a master.
     * @param nodeTimeout {@code cluster-node-timeout}: how long a master may be unreachable before a replica is
     * promoted
     * @return the running cluster
     */
    public static RedisTestCluster startWithReplicas(Duration nodeTimeout) throws IOException, InterruptedException {
        return start(1, nodeTimeout);
    }

    private static RedisTestCluster start(int replicasPerMaster, Duration nodeTimeout)
            throws IOException, InterruptedException {
        RedisServerProcess.requireBinaries();
        Path dir = Paths.get("target", "redis-cluster-" + UUID.randomUUID());
        List<RedisServerProcess> nodes = new ArrayList<>();
        RedisTestCluster cluster = new RedisTestCluster(nodes);
        try {
            for (int i = 0; i < 3 * (1 + replicasPerMaster); i++) {
                int port = RedisServerProcess.freePort();
                nodes.add(RedisServerProcess.start(dir.resolve("node-" + port), port, "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes-" + port + ".conf", "--cluster-node-timeout",
                        String.valueOf(nodeTimeout.toMillis())));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach((node) -> create.add("127.0.0.1:" + node.port()));
            create.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerMaster), "--cluster-yes"));
            String output = RedisServerProcess.run(create);
            if (!output.contains("All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
            }
            cluster.awaitOk();
            if (replicasPerMaster > 0) {
                cluster.awaitReplicasInSync();
            }
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

    /**
     * A replica that has not finished its first sync may not take over (its data is as old as its start, beyond
     * {@code cluster-replica-validity-factor}), so a test that stops a master must wait for every link.
     */
    private void awaitReplicasInSync() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            boolean inSync = true;
            for (RedisServerProcess node : this.nodes) {
                String replication = node.cli("info", "replication");
                inSync &= replication.contains("role:master") || replication.contains("master_link_status:up");
            }
            if (inSync) {
                return;
            }
            RedisServerProcess.sleep(100);
        }
        throw new IllegalStateException("The test cluster's replicas did not finish their first sync in 30 s");
    }

    /**
     * The ports of every node, masters and replicas.
     * @return the ports
     */
    public List<Integer> ports() {
        return this.nodes.stream().map(RedisServerProcess::port).toList();
    }

    /**
     * Kills one master (no shutdown, as a crashed host would), so that its replica, if any, takes over.
     * @return the port of the master stopped
     */
    public int stopOneMaster() throws IOException, InterruptedException {
        String view = this.nodes.get(this.nodes.size() - 1).cli("cluster", "nodes");
        for (String line : view.lines().toList()) {
            String[] fields = line.split(" ");
            if (fields.length > 2 && fields[2].contains("master") && !fields[2].contains("fail")) {
                int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
                for (RedisServerProcess node : this.nodes) {
                    if (node.port() == port) {
                        node.stop();
                        return port;
                    }
                }
            }
        }
        throw new IllegalStateException("No live master in:\n" + view);
    }

    @Override
    public void close() throws InterruptedException {
        for (RedisServerProcess node : this.nodes) {
            node.stop();
        }
    }
}
