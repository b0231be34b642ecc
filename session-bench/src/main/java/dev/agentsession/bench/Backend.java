package dev.agentsession.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentsession.jdbc.JdbcSchemaInitializer;
import dev.agentsession.jdbc.JdbcSessionStore;
import dev.agentsession.jdbc.JdbcStoreSettings;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.redis.RedisSessionStore;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;

/**
 * The backends the benchmarks run on, each opened on its local server (the same defaults and environment
 * variables as the tests: PGHOST/PGPORT, MYSQL_HOST/MYSQL_PORT, REDIS_HOST/REDIS_PORT).
 */
enum Backend {

    /** Caffeine in the heap. */
    MEMORY {
        @Override
        BenchStore open(Clock clock, UnaryOperator<DataSource> wrap) {
            MemorySessionStore store = new MemorySessionStore(clock, 1_000_000, new SessionCodec());
            return new BenchStore(store, store, () -> {
            });
        }
    },

    /** H2 in memory. */
    H2 {
        @Override
        BenchStore open(Clock clock, UnaryOperator<DataSource> wrap) {
            return jdbc("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, wrap, null);
        }
    },

    /** SQLite in a file of a temporary directory, in WAL mode. */
    SQLITE {
        @Override
        BenchStore open(Clock clock, UnaryOperator<DataSource> wrap) throws IOException {
            Path file = Files.createTempFile("agent-session-bench-", ".db");
            return jdbc("jdbc:sqlite:" + file + "?journal_mode=WAL&busy_timeout=30000", null, null, wrap,
                    () -> {
                        Files.deleteIfExists(file);
                        Files.deleteIfExists(Path.of(file + "-wal"));
                        Files.deleteIfExists(Path.of(file + "-shm"));
                    });
        }
    },

    /** The local PostgreSQL. */
    POSTGRESQL {
        @Override
        BenchStore open(Clock clock, UnaryOperator<DataSource> wrap) {
            return jdbc(postgresqlUrl(), "postgres", null, wrap, null);
        }
    },

    /** The local MariaDB (or MySQL). */
    MARIADB {
        @Override
        BenchStore open(Clock clock, UnaryOperator<DataSource> wrap) {
            return jdbc(mariadbUrl(), "root", "", wrap, null);
        }
    },

    /** The local Redis. */
    REDIS {
        @Override
        BenchStore open(Clock clock, UnaryOperator<DataSource> wrap) {
            LettuceConnectionFactory factory = new LettuceConnectionFactory(
                    new RedisStandaloneConfiguration(redisHost(), redisPort()));
            factory.afterPropertiesSet();
            String namespace = "bench:" + UUID.randomUUID();
            RedisSessionStore store = new RedisSessionStore(factory, new SessionCodec(), namespace);
            return new BenchStore(store, store, () -> {
                try (var connection = factory.getConnection()) {
                    var keys = connection.keyCommands()
                        .scan(ScanOptions.scanOptions()
                            .match(namespace + "*")
                            .count(1000)
                            .build());
                    while (keys.hasNext()) {
                        connection.keyCommands().del(keys.next());
                    }
                }
                factory.destroy();
            });
        }
    };

    /**
     * Opens the backend.
     * @param clock the store's clock
     * @param wrap wraps the DataSource of JDBC backends (to count statements); ignored by the others
     */
    abstract BenchStore open(Clock clock, UnaryOperator<DataSource> wrap) throws Exception;

    /**
     * Opens the backend as it is.
     */
    BenchStore open(Clock clock) throws Exception {
        return open(clock, UnaryOperator.identity());
    }

    boolean isJdbc() {
        return this == H2 || this == SQLITE || this == POSTGRESQL || this == MARIADB;
    }

    private static BenchStore jdbc(String url, @Nullable String user, @Nullable String password,
            UnaryOperator<DataSource> wrap, @Nullable AutoCloseable afterClose) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
            config.setPassword(password);
        }
        config.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(config);
        // A table prefix of its own, so a run never meets an earlier run's or a test's tables.
        JdbcStoreSettings settings = JdbcStoreSettings.defaults()
            .withTablePrefix("B" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_");
        JdbcSchemaInitializer schema = new JdbcSchemaInitializer(pool, settings);
        schema.createSchema();
        JdbcSessionStore store = new JdbcSessionStore(wrap.apply(pool), settings, new SessionCodec());
        return new BenchStore(store, store, () -> {
            schema.dropSchema();
            pool.close();
            if (afterClose != null) {
                afterClose.close();
            }
        });
    }

    static String postgresqlUrl() {
        return "jdbc:postgresql://" + env("PGHOST", "127.0.0.1") + ":" + env("PGPORT", "5432") + "/test";
    }

    static String mariadbUrl() {
        return "jdbc:mariadb://" + env("MYSQL_HOST", "127.0.0.1") + ":" + env("MYSQL_PORT", "3306") + "/test";
    }

    static String redisHost() {
        return env("REDIS_HOST", "127.0.0.1");
    }

    static int redisPort() {
        return Integer.parseInt(env("REDIS_PORT", "6379"));
    }

    private static String env(String name, String fallback) {
        return System.getenv().getOrDefault(name, fallback);
    }
}
