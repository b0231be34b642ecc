package dev.agentsession.jdbc;

import java.sql.DatabaseMetaData;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.agentsession.SessionStoreUnavailableException;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The databases the JDBC store supports, each with its schema script and the few SQL forms that differ.
 */
public enum DatabasePlatform {

    /** H2 2.x. */
    H2("h2"),

    /** SQLite 3.35 or later (use WAL and a busy timeout). */
    SQLITE("sqlite"),

    /** PostgreSQL 12 or later. */
    POSTGRESQL("postgresql"),

    /** MySQL 8 and MariaDB 10.6 or later. */
    MYSQL("mysql");

    private final String id;

    DatabasePlatform(String id) {
        this.id = id;
    }

    /**
     * The platform's name in script file names, such as {@code postgresql} in {@code schema-postgresql.sql}.
     * @return the name
     */
    public String id() {
        return this.id;
    }

    /**
     * The classpath location of the schema script.
     * @return the resource path
     */
    public String schemaScript() {
        return "dev/agentsession/jdbc/schema-" + this.id + ".sql";
    }

    /**
     * The classpath location of the script that drops the tables.
     * @return the resource path
     */
    public String dropScript() {
        return "dev/agentsession/jdbc/drop-" + this.id + ".sql";
    }

    /**
     * Whether this database usually runs embedded in the application (H2, SQLite), the case where
     * {@code initialize-schema=embedded} creates the tables.
     * @return {@code true} for H2 and SQLite
     */
    public boolean isEmbedded() {
        return this == H2 || this == SQLITE;
    }

    /**
     * The platform of a database product name, as {@link DatabaseMetaData#getDatabaseProductName()} returns it.
     * MariaDB maps to {@link #MYSQL}.
     * @param productName the product name
     * @return the platform
     * @throws IllegalArgumentException if the product is not supported
     */
    public static DatabasePlatform fromProductName(String productName) {
        Objects.requireNonNull(productName, "productName must not be null");
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return H2;
        }
        if (name.contains("sqlite")) {
            return SQLITE;
        }
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return MYSQL;
        }
        throw new IllegalArgumentException("Database '" + productName + "' is not supported by the JDBC session "
                + "store; supported: " + List.of(values()).stream().map(DatabasePlatform::id)
                    .collect(Collectors.joining(", "))
                + " (set agent.session.jdbc.platform to use one of their scripts anyway)");
    }

    /**
     * The platform of a data source, from its connection's metadata.
     * @param dataSource the data source
     * @return the platform
     * @throws SessionStoreUnavailableException if no connection can be obtained
     * @throws IllegalArgumentException if the product is not supported
     */
    public static DatabasePlatform detect(DataSource dataSource) {
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

    /**
     * The clause that locks the rows a {@code SELECT} reads until the transaction ends (empty on SQLite,
     * where a write transaction locks the whole database).
     */
    String forUpdate() {
        return (this == SQLITE) ? "" : " FOR UPDATE";
    }

    /**
     * The clause that locks the rows a {@code SELECT} reads and skips rows other transactions hold.
     */
    String forUpdateSkipLocked() {
        return (this == SQLITE) ? "" : " FOR UPDATE SKIP LOCKED";
    }

    /**
     * An insert-or-replace of one row.
     * @param table the table
     * @param keys the primary key columns
     * @param values the other columns, replaced when the key exists
     */
    String upsert(String table, List<String> keys, List<String> values) {
        List<String> columns = new java.util.ArrayList<>(keys);
        columns.addAll(values);
        String columnList = String.join(", ", columns);
        String placeholders = columns.stream().map((column) -> "?").collect(Collectors.joining(", "));
        return switch (this) {
            case H2 -> "MERGE INTO " + table + " (" + columnList + ") KEY (" + String.join(", ", keys) + ") VALUES ("
                    + placeholders + ")";
            case POSTGRESQL, SQLITE -> "INSERT INTO " + table + " (" + columnList + ") VALUES (" + placeholders
                    + ") ON CONFLICT (" + String.join(", ", keys) + ") DO UPDATE SET "
                    + values.stream().map((column) -> column + " = EXCLUDED." + column)
                        .collect(Collectors.joining(", "));
            case MYSQL -> "INSERT INTO " + table + " (" + columnList + ") VALUES (" + placeholders
                    + ") ON DUPLICATE KEY UPDATE "
                    + values.stream().map((column) -> column + " = VALUES(" + column + ")")
                        .collect(Collectors.joining(", "));
        };
    }
}
