package dev.agentsession.jdbc;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How the JDBC store names its tables and which SQL dialect it speaks.
 *
 * @param tablePrefix the prefix of every table and index name ({@code agent.session.jdbc.table-prefix}),
 * a plain SQL identifier of 1 to 31 characters: a letter or underscore, then letters, digits or underscores
 * @param platform the database platform, or {@code null} to detect it from the first connection
 */
public record JdbcStoreSettings(String tablePrefix, @Nullable DatabasePlatform platform) {

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
     * The default prefix {@value #DEFAULT_TABLE_PREFIX}, platform detected.
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
        return new JdbcStoreSettings(tablePrefix, this.platform);
    }

    /**
     * These settings with a fixed platform instead of detection.
     * @param platform the platform
     * @return the settings
     */
    public JdbcStoreSettings withPlatform(@Nullable DatabasePlatform platform) {
        return new JdbcStoreSettings(this.tablePrefix, platform);
    }

    /**
     * The name of the sessions table, {@code AGENT_SESSIONS} by default.
     * @return the name
     */
    public String sessionsTable() {
        return this.tablePrefix + "SESSIONS";
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
