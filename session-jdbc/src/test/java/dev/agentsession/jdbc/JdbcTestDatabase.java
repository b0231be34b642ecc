package dev.agentsession.jdbc;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentsession.auth.AuthContextCipher;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.testservers.LocalServer;
import org.jspecify.annotations.Nullable;

/**
 * A database for one test class (or one invocation of a class on every platform): a Hikari pool and a random
 * table prefix whose schema is created on open and dropped on close, so that test classes never interfere on a
 * shared server. Created closed, so that a parameterized class gets one per platform and opens each in turn.
 */
final class JdbcTestDatabase implements AutoCloseable {

    private final JdbcTestPlatform platform;

    private final JdbcStoreSettings settings;

    private @Nullable HikariDataSource dataSource;

    private JdbcTestDatabase(JdbcTestPlatform platform) {
        this.platform = platform;
        this.settings = new JdbcStoreSettings(randomPrefix(), null);
    }

    /**
     * A database on a platform, not opened yet.
     */
    static JdbcTestDatabase of(JdbcTestPlatform platform) {
        return new JdbcTestDatabase(platform);
    }

    /**
     * One database per platform, not opened yet: the arguments of {@link OnEveryJdbcPlatform}.
     */
    static Stream<JdbcTestDatabase> onEveryPlatform() {
        return Arrays.stream(JdbcTestPlatform.values()).map(JdbcTestDatabase::of);
    }

    /**
     * One database per platform that a second process can open too (not H2, which lives in this JVM's memory), not
     * opened yet.
     */
    static Stream<JdbcTestDatabase> onEveryShareablePlatform() {
        return onEveryPlatform().filter((database) -> database.platform != JdbcTestPlatform.H2);
    }

    /**
     * Connects and creates the schema under the random prefix. Server databases call
     * {@link LocalServer#require()} first.
     */
    JdbcTestDatabase open() {
        return open(true);
    }

    JdbcTestDatabase open(boolean createSchema) {
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(5000);
        config.setPoolName("agent-session-" + this.platform.name().toLowerCase(Locale.ROOT));
        switch (this.platform) {
            case H2 -> config.setJdbcUrl("jdbc:h2:mem:agent-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            case SQLITE -> {
                File file = new File("target/sqlite/agent-" + UUID.randomUUID() + ".db");
                file.getParentFile().mkdirs();
                config.setJdbcUrl("jdbc:sqlite:" + file.getPath() + "?journal_mode=WAL&busy_timeout=30000");
            }
            case POSTGRESQL -> {
                LocalServer.POSTGRESQL.require();
                config.setJdbcUrl("jdbc:postgresql://" + LocalServer.POSTGRESQL.host() + ":"
                        + LocalServer.POSTGRESQL.port() + "/test");
                config.setUsername("postgres");
                config.addDataSourceProperty("ApplicationName", "agent-session-" + UUID.randomUUID());
            }
            case MARIADB -> {
                LocalServer.MARIADB.require();
                config.setJdbcUrl("jdbc:mariadb://" + LocalServer.MARIADB.host() + ":" + LocalServer.MARIADB.port()
                        + "/test");
                config.setUsername("root");
                config.setPassword("");
            }
        }
        this.dataSource = new HikariDataSource(config);
        if (createSchema) {
            initializer().createSchema();
        }
        return this;
    }

    static String randomPrefix() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT) + "_";
    }

    JdbcTestPlatform platform() {
        return this.platform;
    }

    HikariDataSource dataSource() {
        if (this.dataSource == null) {
            throw new IllegalStateException(this.platform + " database is not open");
        }
        return this.dataSource;
    }

    JdbcStoreSettings settings() {
        return this.settings;
    }

    JdbcSchemaInitializer initializer() {
        return new JdbcSchemaInitializer(dataSource(), this.settings);
    }

    JdbcSessionStore store() {
        return new JdbcSessionStore(dataSource(), this.settings, new SessionCodec());
    }

    JdbcAuthSessionStore authStore(AuthContextCipher cipher) {
        return new JdbcAuthSessionStore(dataSource(), this.settings, new SessionCodec(), cipher);
    }

    /**
     * A new random AES-256 key, base64.
     */
    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * A cipher writing with {@code currentKey} and reading the previous keys too.
     */
    static AuthContextCipher cipher(String currentKey, String... previousKeys) {
        return AuthContextCipher.of(currentKey, List.of(previousKeys), new SessionCodec().mapper());
    }

    String table(String name) {
        return this.settings.tablePrefix() + name;
    }

    /**
     * Drops the schema and closes the pool; nothing if the database was never opened (a server that is absent).
     */
    @Override
    public void close() {
        HikariDataSource open = this.dataSource;
        if (open == null) {
            return;
        }
        this.dataSource = null;
        try {
            new JdbcSchemaInitializer(open, this.settings).dropSchema();
        }
        finally {
            open.close();
        }
    }

    @Override
    public String toString() {
        return this.platform.name();
    }

    /**
     * A data source that counts the statements prepared or created on its connections (a JDBC batch is
     * one prepared statement executed once).
     */
    static DataSource counting(DataSource target, AtomicInteger statements) {
        return (DataSource) Proxy.newProxyInstance(JdbcTestDatabase.class.getClassLoader(),
                new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(JdbcTestDatabase.class.getClassLoader(),
                                new Class<?>[] { Connection.class }, (p, m, a) -> {
                                    String name = m.getName();
                                    if (name.equals("prepareStatement") || name.equals("createStatement")
                                            || name.equals("prepareCall")) {
                                        statements.incrementAndGet();
                                    }
                                    return invoke(connection, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause();
        }
    }
}
