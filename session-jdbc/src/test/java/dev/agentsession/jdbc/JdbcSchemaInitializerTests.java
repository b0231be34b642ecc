package dev.agentsession.jdbc;

import dev.agentsession.SessionStoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The initializer without Spring Boot: creates the tables, upgrades them from the installed version, does nothing
 * when they are current, and drops them.
 */
class JdbcSchemaInitializerTests {

    @Test
    void createSchemaWhenRunTwiceThenCreatesTheTablesOnceAndTheSecondRunDoesNothing() {
        try (JdbcTestDatabase database = JdbcTestDatabase.of(JdbcTestPlatform.H2).open(false)) {
            JdbcSchemaInitializer initializer = database.initializer();
            assertThat(initializer.createSchema()).hasSize(JdbcSchema.CURRENT_VERSION);
            assertThat(initializer.createSchema()).isEmpty();
            assertThatNoException().isThrownBy(database.store()::ping);
        }
    }

    @Test
    void pingWhenNoTablesThenUnavailableSayingWhatToRunOrSet() {
        try (JdbcTestDatabase database = JdbcTestDatabase.of(JdbcTestPlatform.SQLITE).open(false)) {
            assertThatExceptionOfType(SessionStoreUnavailableException.class).isThrownBy(database.store()::ping)
                .withMessageContaining(database.table("SESSIONS"))
                .withMessageContaining("agent.session.jdbc.initialize-schema=always")
                .withMessageContaining("classpath:dev/agentsession/jdbc/migration/{vendor} to spring.flyway.locations")
                .withMessageContaining("dev/agentsession/jdbc/changelog/agent-session-changelog.xml")
                .withMessageContaining("classpath:dev/agentsession/jdbc/migration/sqlite/V1__agent_session.sql")
                .withMessageContaining("replaced by " + database.settings().tablePrefix());
        }
    }

    @Test
    void createSchemaWhenTablesPredateTheVersionTableThenRecordsTheVersionAndKeepsTheData() {
        try (JdbcTestDatabase database = JdbcTestDatabase.of(JdbcTestPlatform.H2).open()) {
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            jdbc.execute("DROP TABLE " + database.table("SCHEMA_VERSION"));
            jdbc.update("INSERT INTO " + database.table("APP_STATE")
                    + " (APP_HASH, STATE_KEY, VALUE_JSON) VALUES (X'00', 'k', '1')");
            JdbcSchemaStatus behind = new JdbcSchema(database.dataSource(), database.settings()).status();
            assertThat(behind.isReady()).isFalse();
            assertThat(behind.installedVersion()).isZero();
            assertThat(behind.description()).contains("no version recorded");

            database.initializer().createSchema();

            assertThat(new JdbcSchema(database.dataSource(), database.settings()).status().isReady()).isTrue();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + database.table("APP_STATE"), Integer.class))
                .isOne();
        }
    }

    @Test
    void dropSchemaThenTablesAndVersionAreGone() {
        try (JdbcTestDatabase database = JdbcTestDatabase.of(JdbcTestPlatform.H2).open()) {
            database.initializer().dropSchema();
            JdbcSchemaStatus status = new JdbcSchema(database.dataSource(), database.settings()).status();
            assertThat(status.missingTables()).hasSize(JdbcSchema.TABLES.size());
            assertThat(status.installedVersion()).isZero();
            assertThatExceptionOfType(SessionStoreUnavailableException.class).isThrownBy(database.store()::ping)
                .withMessageContaining("does not exist");
        }
    }
}
