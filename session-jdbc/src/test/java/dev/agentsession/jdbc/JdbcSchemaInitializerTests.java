package dev.agentsession.jdbc;

import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@code initialize-schema}: embedded databases by default, always, or never.
 */
class JdbcSchemaInitializerTests {

    @Test
    void initializeWhenEmbeddedModeOnH2ThenCreatesTablesAndRunsAgainSafely() {
        try (JdbcTestDatabase database = JdbcTestDatabase.of(JdbcTestPlatform.H2).open(false)) {
            JdbcSchemaInitializer initializer = database.initializer();
            assertThat(initializer.initialize(JdbcSchemaInitializer.Mode.EMBEDDED)).isTrue();
            assertThat(initializer.initialize(JdbcSchemaInitializer.Mode.EMBEDDED)).isTrue();
            assertThatNoException().isThrownBy(database.store()::ping);
        }
    }

    @Test
    void initializeWhenNeverThenNoTablesAndPingSaysHowToCreateThem() {
        try (JdbcTestDatabase database = JdbcTestDatabase.of(JdbcTestPlatform.SQLITE).open(false)) {
            assertThat(database.initializer().initialize(JdbcSchemaInitializer.Mode.NEVER)).isFalse();
            assertThatExceptionOfType(SessionStoreUnavailableException.class).isThrownBy(database.store()::ping)
                .withMessageContaining(database.table("SESSIONS"))
                .withMessageContaining("schema-sqlite.sql");
        }
    }

    @Test
    void initializeWhenEmbeddedModeOnServerDatabaseThenLeavesItAloneButAlwaysCreates() {
        try (JdbcTestDatabase database = JdbcTestDatabase.of(JdbcTestPlatform.POSTGRESQL).open(false)) {
            JdbcSchemaInitializer initializer = database.initializer();
            assertThat(initializer.initialize(JdbcSchemaInitializer.Mode.EMBEDDED)).isFalse();
            assertThatExceptionOfType(SessionStoreUnavailableException.class).isThrownBy(database.store()::ping);
            assertThat(initializer.initialize(JdbcSchemaInitializer.Mode.ALWAYS)).isTrue();
            assertThatNoException().isThrownBy(database.store()::ping);
        }
    }

    @Test
    void dropSchemaThenTablesAreGone() {
        try (JdbcTestDatabase database = JdbcTestDatabase.of(JdbcTestPlatform.H2).open()) {
            database.initializer().dropSchema();
            JdbcSessionStore store = new JdbcSessionStore(database.dataSource(), database.settings(),
                    new SessionCodec());
            assertThatExceptionOfType(SessionStoreUnavailableException.class).isThrownBy(store::ping)
                .withMessageContaining("missing");
        }
    }

    @Test
    void resolvedScriptWhenPrefixSetThenEveryPlaceholderReplaced() {
        JdbcSchemaInitializer initializer = new JdbcSchemaInitializer(new org.h2.jdbcx.JdbcDataSource(),
                new JdbcStoreSettings("MY_", new MysqlDialect()));
        String script = initializer.resolvedScript(new MysqlDialect().schemaScript());
        assertThat(script).doesNotContain("${prefix}").contains("CREATE TABLE IF NOT EXISTS MY_SESSIONS")
            .contains("utf8mb4_bin");
    }
}
