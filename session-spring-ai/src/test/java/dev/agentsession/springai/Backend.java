package dev.agentsession.springai;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.agentsession.testservers.LocalServer;
import dev.agentsession.testservers.RedisTestCluster;
import org.jspecify.annotations.Nullable;

/**
 * Every store a Spring Boot application can select, configured only by properties as an application would:
 * {@code agent.session.store-type} and Boot's {@code spring.datasource.*} or {@code spring.data.redis.*}. Each open
 * backend uses its own table prefix or key namespace and removes what it created when closed.
 */
enum Backend {

    MEMORY("memory"), H2("jdbc"), SQLITE("jdbc"), POSTGRESQL("jdbc"), MARIADB("jdbc"), REDIS("redis"),
    REDIS_CLUSTER("redis");

    private final String storeType;

    Backend(String storeType) {
        this.storeType = storeType;
    }

    /**
     * The {@code SessionStore.type()} this backend runs on.
     * @return the store type
     */
    String storeType() {
        return this.storeType;
    }

    /**
     * Makes the backend ready: skips (or, with {@code CI=true}, fails) when its server is not reachable, starts a
     * Redis Cluster for {@link #REDIS_CLUSTER}.
     * @return the open backend
     */
    Open open() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase(Locale.ROOT);
        String prefix = "SAI" + id + "_";
        String namespace = "test:spring-ai:" + id;
        return switch (this) {
            case MEMORY -> new Open(List.of("agent.session.store-type=memory"), null, null);
            case H2 -> jdbc("jdbc:h2:mem:spring-ai-" + id + ";DB_CLOSE_DELAY=-1", "sa", "", prefix, false);
            case SQLITE -> {
                File file = new File("target/sqlite/spring-ai-" + id + ".db");
                file.getParentFile().mkdirs();
                Open open = jdbc("jdbc:sqlite:" + file.getPath() + "?journal_mode=WAL&busy_timeout=30000", "", "",
                        prefix, false);
                yield new Open(open.properties(), () -> deleteSqlite(file), null);
            }
            case POSTGRESQL -> {
                LocalServer.POSTGRESQL.require();
                yield jdbc("jdbc:postgresql://" + LocalServer.POSTGRESQL.host() + ":" + LocalServer.POSTGRESQL.port()
                        + "/test", "postgres", "", prefix, true);
            }
            case MARIADB -> {
                LocalServer.MARIADB.require();
                yield jdbc("jdbc:mariadb://" + LocalServer.MARIADB.host() + ":" + LocalServer.MARIADB.port()
                        + "/test", "root", "", prefix, true);
            }
            case REDIS -> {
                LocalServer.REDIS.require();
                yield new Open(List.of("agent.session.store-type=redis",
                        "spring.data.redis.host=" + LocalServer.REDIS.host(),
                        "spring.data.redis.port=" + LocalServer.REDIS.port(), "spring.data.redis.timeout=2s",
                        "agent.session.redis.namespace=" + namespace), null, null);
            }
            case REDIS_CLUSTER -> {
                RedisTestCluster cluster = RedisTestCluster.start();
                String nodes = cluster.ports().stream().map((port) -> "127.0.0.1:" + port)
                    .collect(Collectors.joining(","));
                yield new Open(List.of("agent.session.store-type=redis", "spring.data.redis.cluster.nodes=" + nodes,
                        "spring.data.redis.timeout=2s", "spring.data.redis.lettuce.cluster.refresh.adaptive=true",
                        "spring.data.redis.lettuce.cluster.refresh.period=5s",
                        "agent.session.redis.namespace=" + namespace), null, cluster);
            }
        };
    }

    private static Open jdbc(String url, String username, String password, String prefix, boolean server) {
        List<String> properties = new ArrayList<>(List.of("agent.session.store-type=jdbc",
                "spring.datasource.url=" + url, "spring.datasource.username=" + username,
                "spring.datasource.password=" + password, "agent.session.jdbc.table-prefix=" + prefix));
        if (server) {
            properties.add("agent.session.jdbc.initialize-schema=always");
            return new Open(properties, () -> dropTables(url, username, password, prefix), null);
        }
        return new Open(properties, null, null);
    }

    /**
     * Drops the tables of this run's prefix on a shared server, and no others.
     */
    private static void dropTables(String url, String username, String password, String prefix) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, username, password);
                Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            for (String pattern : List.of(prefix, prefix.toLowerCase(Locale.ROOT))) {
                try (ResultSet rows = connection.getMetaData()
                    .getTables(connection.getCatalog(), null, pattern.replace("_", "\\_") + "%",
                            new String[] { "TABLE" })) {
                    while (rows.next()) {
                        tables.add(rows.getString("TABLE_NAME"));
                    }
                }
            }
            for (String table : tables.stream().distinct().toList()) {
                statement.execute("DROP TABLE IF EXISTS " + table + (url.startsWith("jdbc:postgresql") ? " CASCADE" : ""));
            }
        }
    }

    private static void deleteSqlite(File file) {
        for (String suffix : List.of("", "-wal", "-shm")) {
            new File(file.getPath() + suffix).delete();
        }
    }

    /**
     * A backend ready for a test class.
     *
     * @param properties the application properties that select and configure it
     * @param cleanup what removes this run's tables or files, or {@code null}
     * @param cluster the Redis Cluster started for it, or {@code null}
     */
    record Open(List<String> properties, @Nullable Cleanup cleanup, @Nullable RedisTestCluster cluster) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            try {
                if (this.cleanup != null) {
                    this.cleanup.run();
                }
            }
            finally {
                if (this.cluster != null) {
                    this.cluster.close();
                }
            }
        }

    }

    /**
     * Removes what a run created.
     */
    @FunctionalInterface
    interface Cleanup {

        void run() throws Exception;

    }
}
