package dev.agentsession.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.sql.DataSource;

import dev.agentsession.jdbc.JdbcSchema;
import dev.agentsession.jdbc.JdbcStoreSettings;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

/**
 * Creates and upgrades the JDBC store's tables at startup the way Spring Boot initializes a database for Spring
 * Session or Spring Batch, as {@code agent.session.jdbc.initialize-schema} says: on H2 and SQLite only
 * ({@code embedded}, the default), on every database ({@code always}) or never. Boot orders it before every bean
 * that uses the tables. It runs the store's {@linkplain JdbcSchema#migrationScript(int) migration scripts} after
 * the installed schema version, with the table prefix in place, so that a database created by an earlier version
 * is upgraded; a database at the current version is left alone.
 */
public class AgentSessionDataSourceScriptDatabaseInitializer extends DataSourceScriptDatabaseInitializer {

    private final JdbcSchema schema;

    /**
     * Creates the initializer. Connects to detect the database when the settings name no dialect.
     * @param dataSource the store's DataSource
     * @param settings the store's table prefix and dialect
     * @param mode when to initialize
     */
    public AgentSessionDataSourceScriptDatabaseInitializer(DataSource dataSource, JdbcStoreSettings settings,
            DatabaseInitializationMode mode) {
        this(dataSource, new JdbcSchema(dataSource, settings), mode);
    }

    private AgentSessionDataSourceScriptDatabaseInitializer(DataSource dataSource, JdbcSchema schema,
            DatabaseInitializationMode mode) {
        super(dataSource, settings(schema, mode));
        this.schema = schema;
    }

    private static DatabaseInitializationSettings settings(JdbcSchema schema, DatabaseInitializationMode mode) {
        DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
        // Every version's script, so that Boot checks they exist; runScripts keeps the ones not applied yet.
        settings.setSchemaLocations(schema.migrationScripts().stream().map((script) -> "classpath:" + script).toList());
        settings.setMode(mode);
        settings.setEncoding(StandardCharsets.UTF_8);
        return settings;
    }

    /**
     * Embedded as the store's dialect says (H2 and SQLite), a file database included, rather than Boot's
     * in-memory-only rule.
     */
    @Override
    protected boolean isEmbeddedDatabase() {
        return this.schema.dialect().isEmbedded();
    }

    /**
     * Runs the scripts of the versions after the installed one, the table prefix in place, instead of Boot's list
     * of every version's script.
     */
    @Override
    protected void runScripts(Scripts scripts) {
        List<Resource> pending = this.schema.status()
            .pendingMigrations()
            .stream()
            .map((script) -> (Resource) new ByteArrayResource(
                    this.schema.resolvedScript(script).getBytes(StandardCharsets.UTF_8), "classpath:" + script))
            .toList();
        if (pending.isEmpty()) {
            return;
        }
        super.runScripts(new Scripts(pending).continueOnError(scripts.isContinueOnError())
            .separator(scripts.getSeparator())
            .encoding(StandardCharsets.UTF_8));
    }
}
