package dev.agentsession.jdbc;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentsession.auth.AuthContextCipher;
import dev.agentsession.testservers.LocalServer;
import dev.agentsession.store.SessionCodec;

/**
 * A database for one test class: a Hikari pool and a random table prefix whose schema is created on open
 * and dropped on close, so that test classes never interfere on a shared server.
 */
final class JdbcTestDatabase implements AutoCloseable {

    private final JdbcTestPlatform platform;

    private final HikariDataSource dataSource;

    private final JdbcStoreSettings settings;

    private JdbcTestDatabase(JdbcTestPlatform platform, HikariDataSource dataSource, String prefix) {
        this.platform = platform;
        this.dataSource = dataSource;
        this.settings = new JdbcStoreSettings(prefix, null);
    }

    /**
     * Opens a database and creates the schema under a new random prefix. Server databases call
     * {@link LocalServer#require()} first.
     */
    static JdbcTestDatabase open(JdbcTestPlatform platform) {
        return open(platform, true);
    }

    static JdbcTestDatabase open(JdbcTestPlatform platform, boolean createSchema) {
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(5000);
        config.setPoolName("agent-session-" + platform.name().toLowerCase(Locale.ROOT));
        switch (platform) {
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
        JdbcTestDatabase database = new JdbcTestDatabase(platform, new HikariDataSource(config), randomPrefix());
        if (createSchema) {
            database.initializer().createSchema();
        }
        return database;
    }

    static String randomPrefix() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT) + "_";
    }

    JdbcTestPlatform platform() {
        return this.platform;
    }

    HikariDataSource dataSource() {
        return this.dataSource;
    }

    JdbcStoreSettings settings() {
        return this.settings;
    }

    JdbcSchemaInitializer initializer() {
        return new JdbcSchemaInitializer(this.dataSource, this.settings);
    }

    JdbcSessionStore store() {
        return new JdbcSessionStore(this.dataSource, this.settings, new SessionCodec());
    }

    JdbcAuthSessionStore authStore(AuthContextCipher cipher) {
        return new JdbcAuthSessionStore(this.dataSource, this.settings, new SessionCodec(), cipher);
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

    @Override
    public void close() {
        try {
            initializer().dropSchema();
        }
        finally {
            this.dataSource.close();
        }
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
