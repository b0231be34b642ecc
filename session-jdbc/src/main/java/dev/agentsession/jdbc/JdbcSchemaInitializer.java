package dev.agentsession.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.datasource.init.DatabasePopulatorUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates the JDBC store's tables and upgrades them, without Spring Boot: runs the
 * {@linkplain JdbcSchema#migrationScript(int) migration scripts} after the installed schema version, in order,
 * with the table prefix in place. (With Spring Boot, {@code agent.session.jdbc.initialize-schema} does the same
 * through Boot's database initialization; Flyway and Liquibase run the same scripts.) Also drops the tables.
 */
public final class JdbcSchemaInitializer {

    private final DataSource dataSource;

    private final JdbcSchema schema;

    /**
     * Creates an initializer.
     * @param dataSource the database
     * @param settings the table prefix and dialect (a built-in one detected from the data source when not set)
     */
    public JdbcSchemaInitializer(DataSource dataSource, JdbcStoreSettings settings) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        this.schema = new JdbcSchema(dataSource, settings);
    }

    /**
     * Creates the tables, or brings them from the installed schema version to {@link JdbcSchema#CURRENT_VERSION}.
     * Does nothing when they are at that version already.
     * @return the migration scripts that ran, in order
     */
    public List<String> createSchema() {
        List<String> pending = this.schema.status().pendingMigrations();
        pending.forEach(this::run);
        return pending;
    }

    /**
     * Drops every table of the store, with all its data, and the schema version.
     */
    public void dropSchema() {
        run(this.schema.dialect().dropScript());
    }

    private void run(String script) {
        ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
                new ByteArrayResource(this.schema.resolvedScript(script).getBytes(StandardCharsets.UTF_8), script));
        populator.setSqlScriptEncoding(StandardCharsets.UTF_8.name());
        populator.setContinueOnError(false);
        DatabasePopulatorUtils.execute(populator, this.dataSource);
    }
}
