package dev.agentsession.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import dev.agentsession.SessionStoreUnavailableException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.function.SingletonSupplier;

/**
 * The JDBC store's tables as one versioned schema. Version {@code n} is one migration script per database,
 * {@code V<n>__agent_session.sql} in the dialect's {@linkplain JdbcDialect#migrationLocation() migration folder},
 * which records {@code n} in the {@code SCHEMA_VERSION} table. The same scripts serve the three ways to create and
 * upgrade the tables, so the DDL exists once:
 * <ul>
 * <li>the store's own initializer ({@link JdbcSchemaInitializer}; in Spring Boot,
 * {@code agent.session.jdbc.initialize-schema}) runs the scripts after the installed version;</li>
 * <li>Flyway runs them as versioned migrations from {@value #FLYWAY_LOCATION}, the table prefix given as the
 * placeholder {@value #PREFIX_PLACEHOLDER};</li>
 * <li>Liquibase runs them from the changelog {@value #LIQUIBASE_CHANGELOG}, one change set per version and
 * database, the table prefix given as the changelog parameter {@value #PREFIX_PLACEHOLDER}.</li>
 * </ul>
 * {@link #status()} compares what the database holds with {@link #CURRENT_VERSION} and says what to run when it
 * is behind.
 */
public final class JdbcSchema {

    /**
     * The schema version this store reads and writes. Version 2 makes event ids, state keys and document keys
     * compare exactly on MySQL and MariaDB; version 3 adds the metadata index, waits for another user's reply and
     * the columns that find one user's data across apps; version 4 adds what rewind and fork need (the state given at
     * creation and the rewound ranges of each session); version 5 adds the run lease columns of the sessions table.
     */
    public static final int CURRENT_VERSION = 6;

    /**
     * The name of the table prefix in the scripts, where they read <code>${agent.session.jdbc.table-prefix}</code>:
     * the Flyway placeholder and the Liquibase changelog parameter to set.
     */
    public static final String PREFIX_PLACEHOLDER = "agent.session.jdbc.table-prefix";

    /** The Flyway location of the migrations, with Spring Boot's {@code {vendor}} placeholder. */
    public static final String FLYWAY_LOCATION = "classpath:dev/agentsession/jdbc/migration/{vendor}";

    /** The Liquibase changelog of the migrations. */
    public static final String LIQUIBASE_CHANGELOG = "dev/agentsession/jdbc/changelog/agent-session-changelog.xml";

    /** The tables of schema version {@link #CURRENT_VERSION}, without their prefix. */
    static final List<String> TABLES = List.of("SESSIONS", "EVENTS", "SESSION_STATE", "SESSION_METADATA", "USER_STATE",
            "APP_STATE", "DOCUMENTS", "WAITS", "AUTH_SESSIONS");

    private static final String VERSION_TABLE = "SCHEMA_VERSION";

    private final DataSource dataSource;

    private final JdbcStoreSettings settings;

    private final SingletonSupplier<JdbcDialect> dialect;

    /**
     * Creates the schema of a store.
     * @param dataSource the database
     * @param settings the table prefix and dialect (a built-in one detected on first use when not set)
     */
    public JdbcSchema(DataSource dataSource, JdbcStoreSettings settings) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.dialect = SingletonSupplier.of(() -> settings.dialectOf(dataSource));
    }

    /**
     * The SQL dialect, the settings' one or else the built-in one detected from the first connection.
     * @return the dialect
     */
    public JdbcDialect dialect() {
        return this.dialect.obtain();
    }

    /**
     * The classpath location of the migration script to a version.
     * @param version a schema version, from 1 to {@link #CURRENT_VERSION}
     * @return the location, such as {@code dev/agentsession/jdbc/migration/postgresql/V1__agent_session.sql}
     * @throws IllegalArgumentException if no such version exists
     */
    public String migrationScript(int version) {
        if (version < 1 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException(
                    "Schema versions go from 1 to " + CURRENT_VERSION + ", there is no version " + version);
        }
        return dialect().migrationLocation() + "/V" + version + "__agent_session.sql";
    }

    /**
     * The classpath locations of every migration script, from version 1 to {@link #CURRENT_VERSION}.
     * @return the locations, in version order
     */
    public List<String> migrationScripts() {
        return IntStream.rangeClosed(1, CURRENT_VERSION).mapToObj(this::migrationScript).toList();
    }

    /**
     * A script's text with the table prefix in place of <code>${agent.session.jdbc.table-prefix}</code>, for the
     * initializer and for a user who runs it by hand.
     * @param location a classpath location from {@link #migrationScript(int)} or {@link JdbcDialect#dropScript()}
     * @return the SQL
     * @throws IllegalStateException if the script is not on the classpath
     */
    public String resolvedScript(String location) {
        Objects.requireNonNull(location, "location must not be null");
        try (InputStream in = new ClassPathResource(location, JdbcSchema.class.getClassLoader()).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                .replace("${" + PREFIX_PLACEHOLDER + "}", this.settings.tablePrefix());
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read " + location + " from the classpath", ex);
        }
    }

    /**
     * Looks at the database: which of the store's tables exist and which schema version they are at.
     * @return the status, with what to run when the schema is not ready
     * @throws SessionStoreUnavailableException if the database cannot be reached
     */
    public JdbcSchemaStatus status() {
        JdbcDialect resolved = JdbcErrors.call("reach the database", this::dialect);
        String prefix = this.settings.tablePrefix();
        List<String> missing = new ArrayList<>();
        int installed;
        try (Connection connection = this.dataSource.getConnection()) {
            for (String table : TABLES) {
                if (!exists(connection, "SELECT 1 FROM " + prefix + table + " WHERE 1 = 0")) {
                    missing.add(prefix + table);
                }
            }
            installed = installedVersion(connection, prefix + VERSION_TABLE);
        }
        catch (SQLException ex) {
            throw JdbcErrors.unavailable("reach the database", ex);
        }
        List<String> pending = IntStream.rangeClosed(installed + 1, CURRENT_VERSION)
            .mapToObj(this::migrationScript)
            .toList();
        return JdbcSchemaStatus.of(prefix, installed, missing, pending, resolved.dropScript());
    }

    /**
     * Whether a query runs; a failure of a connection that is still valid means the table is missing.
     */
    private static boolean exists(Connection connection, String probe) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery(probe).close();
            return true;
        }
        catch (SQLException ex) {
            if (!connection.isValid(5)) {
                throw ex;
            }
            if (!connection.getAutoCommit()) {
                // PostgreSQL refuses every later statement of a transaction in which one failed.
                connection.rollback();
            }
            return false;
        }
    }

    private static int installedVersion(Connection connection, String versionTable) throws SQLException {
        if (!exists(connection, "SELECT 1 FROM " + versionTable + " WHERE 1 = 0")) {
            return 0;
        }
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MAX(VERSION) FROM " + versionTable)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
