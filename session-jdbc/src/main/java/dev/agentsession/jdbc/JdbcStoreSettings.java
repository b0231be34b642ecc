package dev.agentsession.jdbc;

import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * How the JDBC stores name their tables and which SQL dialect they speak.
 *
 * @param tablePrefix the prefix of every table and index name ({@code agent.session.jdbc.table-prefix}),
 * a plain SQL identifier of 1 to 31 characters: a letter or underscore, then letters, digits or underscores
 * @param dialect the database's dialect: a built-in one ({@code agent.session.jdbc.platform}) or one of your own;
 * {@code null} to detect a built-in one from the first connection
 */
public record JdbcStoreSettings(String tablePrefix, @Nullable JdbcDialect dialect) {

    /** The default table prefix. */
    public static final String DEFAULT_TABLE_PREFIX = "AGENT_";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,30}");

    /**
     * Checks the prefix.
     * @throws IllegalArgumentException if the prefix is not a plain SQL identifier
     */
    public JdbcStoreSettings {
        if (tablePrefix == null || !IDENTIFIER.matcher(tablePrefix).matches()) {
            throw new IllegalArgumentException("agent.session.jdbc.table-prefix must be a plain SQL identifier "
                    + "(a letter or '_', then up to 30 letters, digits or '_'), was "
                    + ((tablePrefix != null) ? "'" + tablePrefix + "'" : "null"));
        }
    }

    /**
     * The default prefix {@value #DEFAULT_TABLE_PREFIX}, dialect detected.
     * @return the settings
     */
    public static JdbcStoreSettings defaults() {
        return new JdbcStoreSettings(DEFAULT_TABLE_PREFIX, null);
    }

    /**
     * These settings with another table prefix.
     * @param tablePrefix the prefix
     * @return the settings
     * @throws IllegalArgumentException if the prefix is not a plain SQL identifier
     */
    public JdbcStoreSettings withTablePrefix(String tablePrefix) {
        return new JdbcStoreSettings(tablePrefix, this.dialect);
    }

    /**
     * These settings with a fixed dialect instead of detection.
     * @param dialect a built-in dialect, one of your own, or {@code null} to detect a built-in one
     * @return the settings
     */
    public JdbcStoreSettings withDialect(@Nullable JdbcDialect dialect) {
        return new JdbcStoreSettings(this.tablePrefix, dialect);
    }

    /**
     * The name of the sessions table, {@code AGENT_SESSIONS} by default.
     * @return the name
     */
    public String sessionsTable() {
        return this.tablePrefix + "SESSIONS";
    }

    /**
     * The dialect of these settings, or else the built-in one of the data source's database.
     * @param dataSource the database
     * @return the dialect
     */
    JdbcDialect dialectOf(DataSource dataSource) {
        return (this.dialect != null) ? this.dialect : JdbcDialect.detect(dataSource);
    }

    /**
     * Replaces the {@code ${prefix}} placeholder of SQL text with the table prefix.
     * @param sql the SQL
     * @return the SQL with the prefix in place
     */
    String resolve(String sql) {
        return sql.replace("${prefix}", this.tablePrefix);
    }
}
