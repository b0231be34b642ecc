package dev.agentsession.jdbc;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link JdbcSchema#status()} found in the database, and what to do about it.
 *
 * @param installedVersion the highest schema version recorded in the {@code SCHEMA_VERSION} table, {@code 0} when
 * there is none (no tables yet, or tables created before versions were recorded)
 * @param missingTables the store's tables that do not exist, with their prefix
 * @param pendingMigrations the classpath locations of the migration scripts after the installed version, in the
 * order to run them
 * @param description what the database holds, for a startup failure or a health check
 * @param action what to run or set when the schema is not {@linkplain #isReady() ready}; empty when it is
 */
public record JdbcSchemaStatus(int installedVersion, List<String> missingTables, List<String> pendingMigrations,
        String description, String action) {

    /**
     * Copies the lists.
     */
    public JdbcSchemaStatus {
        missingTables = List.copyOf(missingTables);
        pendingMigrations = List.copyOf(pendingMigrations);
    }

    static JdbcSchemaStatus of(String prefix, int installed, List<String> missing, List<String> pending,
            String dropScript) {
        String schema = "The Agent Session JDBC schema (table prefix " + prefix + ")";
        String description;
        String action;
        if (!missing.isEmpty() && installed == 0) {
            description = schema + " does not exist: tables " + String.join(", ", missing) + " are missing.";
            action = howToMigrate(prefix, pending);
        }
        else if (!missing.isEmpty()) {
            description = schema + " is at version " + installed + " but tables " + String.join(", ", missing)
                    + " are missing.";
            action = "Restore the missing tables, or drop the store's tables with classpath:" + dropScript
                    + " (their data is lost) and create them again.";
        }
        else if (installed < JdbcSchema.CURRENT_VERSION) {
            description = schema + " is at version " + installed + ((installed == 0) ? " (no version recorded)" : "")
                    + ", and this version of the store needs version " + JdbcSchema.CURRENT_VERSION + ".";
            action = howToMigrate(prefix, pending);
        }
        else {
            description = schema + " is at version " + installed
                    + ((installed > JdbcSchema.CURRENT_VERSION)
                            ? ", newer than version " + JdbcSchema.CURRENT_VERSION + " this store was built for."
                            : ".");
            action = "";
        }
        return new JdbcSchemaStatus(installed, missing, pending, description, action);
    }

    private static String howToMigrate(String prefix, List<String> pending) {
        return "Set agent.session.jdbc.initialize-schema=always to apply the migrations at startup, or add "
                + JdbcSchema.FLYWAY_LOCATION + " to spring.flyway.locations, or include "
                + JdbcSchema.LIQUIBASE_CHANGELOG + " in your Liquibase changelog, or run "
                + pending.stream().map((script) -> "classpath:" + script).collect(Collectors.joining(", then "))
                + " with ${" + JdbcSchema.PREFIX_PLACEHOLDER + "} replaced by " + prefix + ".";
    }

    /**
     * Whether the store can run on the database: every table exists and the schema is at
     * {@link JdbcSchema#CURRENT_VERSION} or {@linkplain #isNewer() newer}.
     * @return {@code true} if the store can run
     */
    public boolean isReady() {
        return this.missingTables.isEmpty() && this.installedVersion >= JdbcSchema.CURRENT_VERSION;
    }

    /**
     * Whether the schema is newer than the store: a later version of the application migrated it. Schema changes
     * keep the previous version of the store working, so the store still runs.
     * @return {@code true} if the installed version is above {@link JdbcSchema#CURRENT_VERSION}
     */
    public boolean isNewer() {
        return this.installedVersion > JdbcSchema.CURRENT_VERSION;
    }
}
