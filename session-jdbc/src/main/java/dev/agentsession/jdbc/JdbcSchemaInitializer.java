package dev.agentsession.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import javax.sql.DataSource;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.DatabasePopulatorUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates (and drops) the JDBC store's tables by running the dialect's
 * {@link JdbcDialect#schemaScript() schema script} (or {@link JdbcDialect#dropScript() drop script}) with the
 * table prefix substituted. The schema script only creates what is missing, so running it on every start is safe.
 */
public final class JdbcSchemaInitializer {

    private final DataSource dataSource;

    private final JdbcStoreSettings settings;

    /**
     * Creates an initializer.
     * @param dataSource the database
     * @param settings the table prefix and dialect (a built-in one detected from the data source when not set)
     */
    public JdbcSchemaInitializer(DataSource dataSource, JdbcStoreSettings settings) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
    }

    /**
     * Creates the tables according to {@code agent.session.jdbc.initialize-schema}.
     * @param mode when to create them
     * @return {@code true} if the schema script ran
     */
    public boolean initialize(Mode mode) {
        Objects.requireNonNull(mode, "mode must not be null");
        if (mode == Mode.NEVER) {
            return false;
        }
        JdbcDialect dialect = this.settings.dialectOf(this.dataSource);
        if (mode == Mode.EMBEDDED && !dialect.isEmbedded()) {
            return false;
        }
        run(dialect.schemaScript());
        return true;
    }

    /**
     * Creates the tables that do not exist yet, whatever the database.
     */
    public void createSchema() {
        run(this.settings.dialectOf(this.dataSource).schemaScript());
    }

    /**
     * Drops every table of the store, with all its data.
     */
    public void dropSchema() {
        run(this.settings.dialectOf(this.dataSource).dropScript());
    }

    /**
     * The script's text with the prefix substituted, for a user who runs it by hand or in a migration tool.
     * @param script a resource path from {@link JdbcDialect#schemaScript()} or {@link JdbcDialect#dropScript()}
     * @return the SQL
     */
    public String resolvedScript(String script) {
        try (InputStream in = new ClassPathResource(script, JdbcSchemaInitializer.class.getClassLoader())
            .getInputStream()) {
            return this.settings.resolve(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read " + script + " from the classpath", ex);
        }
    }

    private void run(String script) {
        ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
                new ByteArrayResource(resolvedScript(script).getBytes(StandardCharsets.UTF_8), script));
        populator.setSqlScriptEncoding(StandardCharsets.UTF_8.name());
        populator.setContinueOnError(false);
        DatabasePopulatorUtils.execute(populator, this.dataSource);
    }

    /**
     * When the schema is created, as {@code agent.session.jdbc.initialize-schema} says.
     */
    public enum Mode {

        /** Only on an embedded database (H2, SQLite): the default. */
        EMBEDDED,

        /** On every database. */
        ALWAYS,

        /** Never: the tables are managed outside the application. */
        NEVER
    }
}
