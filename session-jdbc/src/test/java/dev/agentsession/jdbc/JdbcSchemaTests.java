package dev.agentsession.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import dev.agentsession.SessionStoreUnavailableException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The schema's scripts and what its status says about a database.
 */
class JdbcSchemaTests {

    @Test
    void resolvedScriptWhenPrefixSetThenEveryPlaceholderReplaced() {
        JdbcSchema schema = new JdbcSchema(new JdbcDataSource(), new JdbcStoreSettings("MY_", new MysqlDialect()));

        String script = schema.resolvedScript(schema.migrationScript(1));

        assertThat(script).doesNotContain("${").contains("CREATE TABLE IF NOT EXISTS MY_SESSIONS")
            .contains("MY_SCHEMA_VERSION").contains("utf8mb4_bin");
        assertThat(schema.resolvedScript(new MysqlDialect().dropScript())).doesNotContain("${")
            .contains("DROP TABLE IF EXISTS MY_SCHEMA_VERSION");
    }

    @Test
    void migrationScriptWhenVersionOutsideOneToCurrentThenRefused() {
        JdbcSchema schema = new JdbcSchema(new JdbcDataSource(), JdbcStoreSettings.defaults().withDialect(
                new H2Dialect()));

        assertThatIllegalArgumentException().isThrownBy(() -> schema.migrationScript(0));
        assertThatIllegalArgumentException().isThrownBy(() -> schema.migrationScript(JdbcSchema.CURRENT_VERSION + 1))
            .withMessageContaining("from 1 to " + JdbcSchema.CURRENT_VERSION);
    }

    @Test
    void migrationsWhenFlywayLooksForMariadbThenTheBuildCopiedTheMysqlScripts() throws IOException {
        JdbcSchema mysql = new JdbcSchema(new JdbcDataSource(), JdbcStoreSettings.defaults().withDialect(
                new MysqlDialect()));
        for (String script : mysql.migrationScripts()) {
            assertThat(read(script.replace("/migration/mysql/", "/migration/mariadb/"))).isEqualTo(read(script));
        }
    }

    @Test
    void changelogWhenAnyVersionAndBuiltInDialectThenHasItsChangeSet() throws IOException {
        String changelog = read(JdbcSchema.LIQUIBASE_CHANGELOG);
        for (JdbcDialect dialect : JdbcDialect.builtIn()) {
            JdbcSchema schema = new JdbcSchema(new JdbcDataSource(), JdbcStoreSettings.defaults().withDialect(
                    dialect));
            for (int version = 1; version <= JdbcSchema.CURRENT_VERSION; version++) {
                assertThat(changelog).contains("id=\"agent-session-v" + version + "-" + dialect.id() + "\"")
                    .contains("path=\"../" + schema.migrationScript(version).substring(
                            "dev/agentsession/jdbc/".length()) + "\"");
            }
        }
    }

    @Test
    void statusWhenATableIsMissingAtAVersionThenSaysToRestoreIt() {
        try (JdbcTestDatabase database = JdbcTestDatabase.of(JdbcTestPlatform.H2).open()) {
            new JdbcTemplate(database.dataSource()).execute("DROP TABLE " + database.table("EVENTS"));

            JdbcSchemaStatus status = new JdbcSchema(database.dataSource(), database.settings()).status();

            assertThat(status.isReady()).isFalse();
            assertThat(status.missingTables()).containsExactly(database.table("EVENTS"));
            assertThat(status.description()).contains("is at version " + JdbcSchema.CURRENT_VERSION)
                .contains(database.table("EVENTS"));
            assertThat(status.action()).contains("Restore the missing tables").contains("drop-h2.sql");
            assertThatExceptionOfType(SessionStoreUnavailableException.class).isThrownBy(database.store()::ping)
                .withMessageContaining(database.table("EVENTS"));
        }
    }

    @Test
    void statusWhenANewerVersionIsInstalledThenReadyAndNewer() {
        try (JdbcTestDatabase database = JdbcTestDatabase.of(JdbcTestPlatform.H2).open()) {
            new JdbcTemplate(database.dataSource()).update("INSERT INTO " + database.table("SCHEMA_VERSION")
                    + " (VERSION) VALUES (?)", JdbcSchema.CURRENT_VERSION + 1);

            JdbcSchemaStatus status = new JdbcSchema(database.dataSource(), database.settings()).status();

            assertThat(status.isReady()).isTrue();
            assertThat(status.isNewer()).isTrue();
            assertThat(status.pendingMigrations()).isEmpty();
            assertThat(status.description()).contains("newer than version " + JdbcSchema.CURRENT_VERSION);
            assertThatNoException().isThrownBy(database.store()::ping);
        }
    }

    @Test
    void statusWhenDatabaseIsUnreachableThenUnavailable() {
        JdbcDataSource nowhere = new JdbcDataSource();
        nowhere.setURL("jdbc:h2:tcp://127.0.0.1:1/nowhere");
        JdbcSchema schema = new JdbcSchema(nowhere, JdbcStoreSettings.defaults().withDialect(new H2Dialect()));

        assertThatExceptionOfType(SessionStoreUnavailableException.class).isThrownBy(schema::status)
            .withMessageContaining("reach the database");
    }

    private static String read(String location) throws IOException {
        try (InputStream in = JdbcSchemaTests.class.getClassLoader().getResourceAsStream(location)) {
            assertThat(in).as(location).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
