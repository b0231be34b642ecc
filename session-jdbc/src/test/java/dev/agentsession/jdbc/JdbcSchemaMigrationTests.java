package dev.agentsession.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conformance.MutableClock;
import dev.agentsession.store.SessionCodec;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped migrations, applied by the store's initializer, by Flyway and by Liquibase, take an empty database
 * (or one at version 1) to {@link JdbcSchema#CURRENT_VERSION}, after which the store works and its version check
 * passes. A new schema version must come with its script for every database, Flyway's MariaDB copy included, and
 * its Liquibase change sets, or these tests fail. Once per database, each under its own table prefix.
 */
@OnEveryJdbcPlatform
class JdbcSchemaMigrationTests {

    private final MutableClock clock = new MutableClock(Instant.now());

    @Parameter
    JdbcTestDatabase database;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open(false);
    }

    @AfterEach
    void dropTablesAndHistory() throws SQLException {
        this.database.initializer().dropSchema();
        try (Connection connection = this.database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            String quote = connection.getMetaData().getIdentifierQuoteString();
            for (String table : List.of(flywayHistory(), liquibaseTable("CHANGELOG"), liquibaseTable("LOCK"))) {
                // Flyway quotes the name it creates, Liquibase may not: drop either spelling.
                statement.execute("DROP TABLE IF EXISTS " + quote + table + quote);
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private JdbcSchema schema() {
        return new JdbcSchema(this.database.dataSource(), this.database.settings());
    }

    @Test
    void initializerWhenDatabaseIsAtVersionOneThenUpgradesItToTheCurrentVersion() {
        runScript(schema().migrationScript(1));
        assertThat(schema().status().installedVersion()).isEqualTo(1);

        List<String> ran = this.database.initializer().createSchema();

        assertThat(ran).hasSize(JdbcSchema.CURRENT_VERSION - 1);
        assertSchemaIsCurrentAndStoreWorks();
        assertThat(this.database.initializer().createSchema()).isEmpty();
    }

    @Test
    void initializerWhenDatabaseIsEmptyThenRunsEveryMigrationInOrder() {
        assertThat(this.database.initializer().createSchema()).isEqualTo(schema().migrationScripts());

        assertSchemaIsCurrentAndStoreWorks();
    }

    @Test
    void flywayWhenDatabaseIsEmptyThenMigratesToTheCurrentVersion() {
        Flyway flyway = flyway(null);

        flyway.migrate();

        assertThat(flyway.info().current().getVersion().getVersion())
            .isEqualTo(String.valueOf(JdbcSchema.CURRENT_VERSION));
        assertSchemaIsCurrentAndStoreWorks();
    }

    @Test
    void flywayWhenDatabaseIsAtVersionOneThenUpgradesItToTheCurrentVersion() {
        flyway("1").migrate();
        assertThat(schema().status().installedVersion()).isEqualTo(1);

        flyway(null).migrate();

        assertSchemaIsCurrentAndStoreWorks();
    }

    @Test
    void liquibaseWhenDatabaseIsEmptyThenUpdatesToTheCurrentVersion() throws Exception {
        try (Connection connection = this.database.dataSource().getConnection()) {
            Database target = DatabaseFactory.getInstance()
                .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            target.setDatabaseChangeLogTableName(liquibaseTable("CHANGELOG"));
            target.setDatabaseChangeLogLockTableName(liquibaseTable("LOCK"));
            Liquibase liquibase = new Liquibase(JdbcSchema.LIQUIBASE_CHANGELOG, new ClassLoaderResourceAccessor(),
                    target);
            liquibase.setChangeLogParameter(JdbcSchema.PREFIX_PLACEHOLDER, this.database.settings().tablePrefix());

            liquibase.update();
        }

        assertSchemaIsCurrentAndStoreWorks();
    }

    /**
     * Flyway as Spring Boot configures it for {@value JdbcSchema#FLYWAY_LOCATION}: {@code {vendor}} is the
     * database's id in Boot, {@code mariadb} for MariaDB. Flyway's history table gets the test's table prefix.
     */
    private Flyway flyway(String target) {
        String vendor = (this.database.platform() == JdbcTestPlatform.MARIADB) ? "mariadb"
                : this.database.platform().dialect().id();
        var configuration = Flyway.configure()
            .dataSource(this.database.dataSource())
            .locations(JdbcSchema.FLYWAY_LOCATION.replace("{vendor}", vendor))
            .table(flywayHistory())
            // The server databases hold other tests' tables: start a history of our own below version 1.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .placeholders(Map.of(JdbcSchema.PREFIX_PLACEHOLDER, this.database.settings().tablePrefix()));
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }

    private String flywayHistory() {
        return this.database.table("FLYWAY_HISTORY");
    }

    private String liquibaseTable(String name) {
        return this.database.table("LB_" + name);
    }

    private void runScript(String script) {
        new ResourceDatabasePopulator(new ByteArrayResource(
                schema().resolvedScript(script).getBytes(StandardCharsets.UTF_8), script))
            .execute(this.database.dataSource());
    }

    private void assertSchemaIsCurrentAndStoreWorks() {
        JdbcSchemaStatus status = schema().status();
        assertThat(status.installedVersion()).isEqualTo(JdbcSchema.CURRENT_VERSION);
        assertThat(status.isReady()).as(status.description()).isTrue();
        assertThat(status.missingTables()).isEmpty();
        JdbcSessionStore store = this.database.store();
        store.ping();
        SessionManager sessions = new DefaultSessionManager(store, store,
                new TimeOrderedSessionIdGenerator(this.clock), this.clock, new SessionCodec(),
                SessionSettings.defaults());
        SessionRef ref = sessions
            .create(NewSession.forUser("app-" + UUID.randomUUID(), "alice").withState(Map.of("user:lang", "en")))
            .ref();
        sessions.append(ref, NewEvent.message("user", "hello").withStateDelta(Map.of("step", 1)));
        AgentSession read = sessions.get(ref, EventWindow.all());
        assertThat(read.events()).extracting((event) -> event.content()).containsExactly("hello");
        assertThat(read.state()).containsEntry("step", 1).containsEntry("user:lang", "en");
    }
}
