package dev.agentsession.jdbc;

import java.sql.DatabaseMetaData;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.agentsession.SessionStoreUnavailableException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The SQL that differs from one database to another, and the schema scripts of that database. The JDBC stores
 * build every statement they run from their table prefix and their dialect once, when the dialect is known.
 *
 * <p>One class per supported database ships: {@link H2Dialect}, {@link SqliteDialect}, {@link PostgresqlDialect}
 * and {@link MysqlDialect} (MySQL 8 and MariaDB). By default the stores detect theirs from the connection's
 * metadata ({@link #detect(DataSource)}); {@code agent.session.jdbc.platform} names one instead
 * ({@link #named(String)}). To run on another database, implement this interface, ship its migration scripts
 * ({@code dev/agentsession/jdbc/migration/{id}/V1__agent_session.sql} and on, one per
 * {@linkplain JdbcSchema#CURRENT_VERSION schema version}) and its {@code drop-{id}.sql} (or point
 * {@link #migrationLocation()} and {@link #dropScript()} at scripts of your own), and pass it in
 * {@link JdbcStoreSettings#withDialect(JdbcDialect)}. The statements the stores run are otherwise plain SQL with
 * {@code ?} parameters, {@code ORDER BY ... LIMIT ?} and {@code UNION ALL}.
 *
 * <p>Implementations hold no state and are safe to share between stores and threads.
 */
public interface JdbcDialect {

    /**
     * The database's name in the script locations and in {@code agent.session.jdbc.platform}, such as
     * {@code postgresql} in {@code migration/postgresql/V1__agent_session.sql}.
     * @return the name, lower case
     */
    String id();

    /**
     * Whether this database usually runs embedded in the application (H2, SQLite), the case where
     * {@code initialize-schema=embedded} creates the tables. {@code false} unless overridden.
     * @return {@code true} for an embedded database
     */
    default boolean isEmbedded() {
        return false;
    }

    /**
     * The classpath folder of the migration scripts that create the tables and bring them to each later schema
     * version, {@code V1__agent_session.sql}, {@code V2__agent_session.sql} and on (Flyway's naming), with
     * <code>${agent.session.jdbc.table-prefix}</code> where the table prefix goes.
     * @return the folder, {@code dev/agentsession/jdbc/migration/{id}} unless overridden
     */
    default String migrationLocation() {
        return "dev/agentsession/jdbc/migration/" + id();
    }

    /**
     * The classpath location of the script that drops the tables, with
     * <code>${agent.session.jdbc.table-prefix}</code> where the table prefix goes.
     * @return the resource path, {@code dev/agentsession/jdbc/drop-{id}.sql} unless overridden
     */
    default String dropScript() {
        return "dev/agentsession/jdbc/drop-" + id() + ".sql";
    }

    /**
     * The clause at the end of a {@code SELECT} that locks the rows it reads until the transaction ends.
     * @return the clause, {@code FOR UPDATE} unless overridden; empty where a write transaction locks the whole
     * database
     */
    default String forUpdate() {
        return "FOR UPDATE";
    }

    /**
     * The clause at the end of a {@code SELECT} that locks the rows it reads and skips the rows other
     * transactions hold, so that cleanup on several nodes neither waits for nor deadlocks with another node.
     * @return the clause, {@code FOR UPDATE SKIP LOCKED} unless overridden; empty where a write transaction
     * locks the whole database
     */
    default String forUpdateSkipLocked() {
        return "FOR UPDATE SKIP LOCKED";
    }

    /**
     * The clause that ends a listing statement ({@code ... ORDER BY ... LIMIT}) with its one {@code ?} parameter,
     * the most rows to return.
     * @return the clause, {@code LIMIT ?} unless overridden
     */
    default String limit() {
        return "LIMIT ?";
    }

    /**
     * A compound query ({@code ... UNION ALL ...}), such as a session read, in the form the database runs fastest
     * when the same text is sent again and again.
     * @param union the query
     * @return the query, unchanged unless overridden
     */
    default String repeatedUnion(String union) {
        return union;
    }

    /**
     * An insert of one row that replaces the row's other columns when a row with the same key exists, with one
     * {@code ?} parameter per column: the key columns first, then the value columns, in the order given.
     * @param table the table
     * @param keyColumns the columns of the primary or unique key that decides whether the row exists
     * @param valueColumns the other columns, written on insert and replaced on conflict
     * @return the statement
     */
    String upsert(String table, List<String> keyColumns, List<String> valueColumns);

    /**
     * A statement every write transaction runs before it reads anything, on a database without row locks whose
     * transaction cannot turn a read into a write while others read (SQLite in WAL mode): it takes the database's
     * write lock, waiting for it as long as the database's busy timeout allows.
     * @param sessionsTable the name of the sessions table, which the statement may touch without changing it
     * @return the statement, or {@code null} (the default) where {@link #forUpdate()} locks rows
     */
    default @Nullable String writeLockStatement(String sessionsTable) {
        return null;
    }

    /**
     * The dialects that ship with the store, one per supported database.
     * @return H2, SQLite, PostgreSQL and MySQL/MariaDB
     */
    static List<JdbcDialect> builtIn() {
        return List.of(new H2Dialect(), new SqliteDialect(), new PostgresqlDialect(), new MysqlDialect());
    }

    /**
     * The built-in dialect of a name, as {@code agent.session.jdbc.platform} gives it.
     * @param name {@code h2}, {@code sqlite}, {@code postgresql} or {@code mysql} (MariaDB too), in any case
     * @return the dialect
     * @throws IllegalArgumentException if no built-in dialect has that name
     */
    static JdbcDialect named(String name) {
        Objects.requireNonNull(name, "name must not be null");
        String id = name.trim().toLowerCase(Locale.ROOT);
        return builtIn().stream()
            .filter((dialect) -> dialect.id().equals(id))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("No JDBC session store dialect is named '" + name
                    + "'; built in: " + builtInIds()));
    }

    /**
     * The built-in dialect of a database product name, as {@link DatabaseMetaData#getDatabaseProductName()}
     * returns it. MariaDB gets {@link MysqlDialect}.
     * @param productName the product name
     * @return the dialect
     * @throws IllegalArgumentException if no built-in dialect supports the product
     */
    static JdbcDialect fromProductName(String productName) {
        Objects.requireNonNull(productName, "productName must not be null");
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return new H2Dialect();
        }
        if (name.contains("sqlite")) {
            return new SqliteDialect();
        }
        if (name.contains("postgres")) {
            return new PostgresqlDialect();
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return new MysqlDialect();
        }
        throw new IllegalArgumentException("Database '" + productName + "' is not supported by the JDBC session "
                + "store; supported: " + builtInIds() + " (set agent.session.jdbc.platform to use one of their "
                + "scripts anyway, or pass a JdbcDialect of your own in the JdbcStoreSettings)");
    }

    /**
     * The built-in dialect of a data source, from its connection's metadata.
     * @param dataSource the data source
     * @return the dialect
     * @throws SessionStoreUnavailableException if no connection can be obtained
     * @throws IllegalArgumentException if no built-in dialect supports the database
     */
    static JdbcDialect detect(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource must not be null");
        String productName;
        try {
            productName = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        }
        catch (MetaDataAccessException ex) {
            throw new SessionStoreUnavailableException(
                    "Cannot detect the database platform of the session DataSource: " + ex.getMessage(), ex);
        }
        return fromProductName(productName);
    }

    private static String builtInIds() {
        return builtIn().stream().map(JdbcDialect::id).collect(Collectors.joining(", "));
    }
}
