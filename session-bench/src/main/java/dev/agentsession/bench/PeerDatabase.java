package dev.agentsession.bench;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A database of its own for a peer whose table names are fixed: a fresh H2 database, a new PostgreSQL schema or
 * a new MariaDB database on the same servers as ours, with the peer's own schema script run in it, dropped on close.
 */
final class PeerDatabase implements AutoCloseable {

    private final HikariDataSource pool;

    private final AutoCloseable drop;

    private PeerDatabase(HikariDataSource pool, AutoCloseable drop) {
        this.pool = pool;
        this.drop = drop;
    }

    DataSource dataSource() {
        return this.pool;
    }

    /**
     * Opens a database of its own on a backend and runs a schema script from the class path in it.
     * @param backend H2, POSTGRESQL or MARIADB
     * @param schemaScript the peer's schema script
     */
    static PeerDatabase open(Backend backend, String schemaScript) throws Exception {
        String name = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PeerDatabase database = switch (backend) {
            case H2 -> new PeerDatabase(pool("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", null, null), () -> {
            });
            case POSTGRESQL -> {
                String server = Backend.postgresqlUrl();
                execute(server, "postgres", null, "CREATE SCHEMA " + name);
                yield new PeerDatabase(pool(server + "?currentSchema=" + name, "postgres", null),
                        () -> execute(server, "postgres", null, "DROP SCHEMA " + name + " CASCADE"));
            }
            case MARIADB -> {
                String server = Backend.mariadbUrl();
                execute(server, "root", "", "CREATE DATABASE " + name);
                yield new PeerDatabase(pool(server.substring(0, server.lastIndexOf('/') + 1) + name, "root", ""),
                        () -> execute(server, "root", "", "DROP DATABASE " + name));
            }
            default -> throw new IllegalArgumentException("No peer database on " + backend);
        };
        new ResourceDatabasePopulator(new ClassPathResource(schemaScript)).execute(database.pool);
        return database;
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
            config.setPassword(password);
        }
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    private static void execute(String url, String user, String password, String sql) throws Exception {
        try (HikariDataSource admin = pool(url, user, password); Connection connection = admin.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
        this.pool.close();
        this.drop.close();
    }
}
