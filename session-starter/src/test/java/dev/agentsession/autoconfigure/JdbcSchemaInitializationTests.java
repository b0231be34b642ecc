package dev.agentsession.autoconfigure;

import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.autoconfigure.health.AgentSessionHealthAutoConfiguration;
import dev.agentsession.autoconfigure.health.AgentSessionHealthIndicator;
import dev.agentsession.jdbc.JdbcSchema;
import dev.agentsession.jdbc.JdbcSchemaInitializer;
import dev.agentsession.jdbc.JdbcSessionStore;
import dev.agentsession.jdbc.JdbcStoreSettings;
import dev.agentsession.testservers.LocalServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema at startup: Boot's database initialization as {@code agent.session.jdbc.initialize-schema} says,
 * Flyway and Liquibase with the shipped migrations, all ordered before the stores, which fail startup with what to
 * run or set when the schema is missing or behind; the health check when it goes missing or behind later.
 */
class JdbcSchemaInitializationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                AgentSessionAutoConfiguration.class, AgentSessionHealthAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "agent.session.store-type=jdbc", "agent.session.jdbc.cleanup-cron=-");

    @Test
    void startupWhenEmbeddedByDefaultOnH2ThenTablesCreatedBeforeTheStoresAtTheCurrentVersion() {
        this.runner.run((context) -> {
            assertThat(context).hasNotFailed().hasSingleBean(AgentSessionDataSourceScriptDatabaseInitializer.class);
            assertThat(context.getBeanFactory().getBeanDefinition("agentSessionStore").getDependsOn())
                .contains("agentSessionDataSourceScriptDatabaseInitializer");
            assertThat(context.getBeanFactory().getBeanDefinition("agentAuthSessionStore").getDependsOn())
                .contains("agentSessionDataSourceScriptDatabaseInitializer");
            assertThat(context.getBean(JdbcSessionStore.class).schema().status().installedVersion())
                .isEqualTo(JdbcSchema.CURRENT_VERSION);
            assertStoreWorks(context);
        });
    }

    @Test
    void startupWhenEmbeddedOnASqliteFileThenTablesCreated(@TempDir Path folder) {
        this.runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + folder.resolve("agent.db"))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertStoreWorks(context);
            });
    }

    @Test
    void startupWhenNeverAndNoTablesThenFailureAnalysisSaysWhatToRunOrSet() {
        this.runner.withPropertyValues("agent.session.jdbc.initialize-schema=never").run((context) -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription()).contains("table prefix AGENT_").contains("does not exist")
                .contains("AGENT_SESSIONS");
            assertThat(analysis.getAction()).contains("agent.session.jdbc.initialize-schema=always")
                .contains("classpath:dev/agentsession/jdbc/migration/{vendor} to spring.flyway.locations")
                .contains("dev/agentsession/jdbc/changelog/agent-session-changelog.xml")
                .contains("classpath:dev/agentsession/jdbc/migration/h2/V1__agent_session.sql");
        });
    }

    @Test
    void startupWhenNeverAndTheTablesExistThenNoInitializer() {
        DataSource dataSource = h2();
        new JdbcSchemaInitializer(dataSource, JdbcStoreSettings.defaults()).createSchema();
        this.runner.withBean(DataSource.class, () -> dataSource)
            .withPropertyValues("agent.session.jdbc.initialize-schema=never")
            .run((context) -> {
                assertThat(context).hasNotFailed()
                    .doesNotHaveBean(AgentSessionDataSourceScriptDatabaseInitializer.class);
                assertStoreWorks(context);
            });
    }

    @Test
    void startupWhenPostgresqlWithTheDefaultModeAndNoTablesThenFailureAnalysisNamesThePostgresqlMigration() {
        LocalServer.POSTGRESQL.require();
        String prefix = randomPrefix();
        postgresql().withPropertyValues("agent.session.jdbc.table-prefix=" + prefix).run((context) -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription()).contains(prefix + "SESSIONS");
            assertThat(analysis.getAction()).contains("agent.session.jdbc.initialize-schema=always")
                .contains("classpath:dev/agentsession/jdbc/migration/postgresql/V1__agent_session.sql")
                .contains("replaced by " + prefix);
        });
    }

    @Test
    void startupWhenAlwaysOnPostgresqlThenTablesCreatedAndStoreWorks() {
        LocalServer.POSTGRESQL.require();
        String prefix = randomPrefix();
        try {
            postgresql().withPropertyValues("agent.session.jdbc.table-prefix=" + prefix,
                    "agent.session.jdbc.initialize-schema=always").run((context) -> {
                        assertThat(context).hasNotFailed();
                        assertStoreWorks(context);
                    });
        }
        finally {
            new JdbcSchemaInitializer(postgresqlDataSource(), new JdbcStoreSettings(prefix, null)).dropSchema();
        }
    }

    @Test
    void startupWhenTablesPredateTheSchemaVersionThenEmbeddedModeUpgradesThemAndNeverFailsNamingTheMigration() {
        DataSource dataSource = h2();
        new JdbcSchemaInitializer(dataSource, JdbcStoreSettings.defaults()).createSchema();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("DROP TABLE AGENT_SCHEMA_VERSION");
        ApplicationContextRunner existing = this.runner.withBean(DataSource.class, () -> dataSource);

        existing.withPropertyValues("agent.session.jdbc.initialize-schema=never").run((context) -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription()).contains("is at version 0 (no version recorded)")
                .contains("needs version " + JdbcSchema.CURRENT_VERSION);
            assertThat(analysis.getAction()).contains("migration/h2/V1__agent_session.sql");
        });
        existing.run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(jdbc.queryForObject("SELECT MAX(VERSION) FROM AGENT_SCHEMA_VERSION", Integer.class))
                .isEqualTo(JdbcSchema.CURRENT_VERSION);
        });
    }

    @Test
    void healthWhenTheSchemaVersionGoesMissingAfterStartupThenDownSayingWhatToRun() {
        this.runner.run((context) -> {
            new JdbcTemplate(context.getBean(DataSource.class)).execute("DELETE FROM AGENT_SCHEMA_VERSION");

            Health health = context.getBean(AgentSessionHealthIndicator.class).health(true);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(health.getDetails().get("reason"))).contains("is at version 0")
                .contains("migration/h2/V1__agent_session.sql");
        });
    }

    @Test
    void startupWhenFlywayRunsTheShippedMigrationsThenBeforeTheStoresWithTheTablePrefixAsPlaceholder() {
        this.runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
            .withPropertyValues("spring.flyway.locations=" + JdbcSchema.FLYWAY_LOCATION,
                    "agent.session.jdbc.initialize-schema=never", "agent.session.jdbc.table-prefix=FW_")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBeanFactory().getBeanDefinition("agentSessionStore").getDependsOn())
                    .contains("flywayInitializer");
                assertThat(new JdbcTemplate(context.getBean(DataSource.class))
                    .queryForObject("SELECT MAX(VERSION) FROM FW_SCHEMA_VERSION", Integer.class))
                    .isEqualTo(JdbcSchema.CURRENT_VERSION);
                assertStoreWorks(context);
            });
    }

    @Test
    void startupWhenFlywayPlaceholderSetByTheApplicationThenItsValueWins() {
        DataSource dataSource = h2();
        this.runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
            .withBean(DataSource.class, () -> dataSource)
            .withPropertyValues("spring.flyway.locations=" + JdbcSchema.FLYWAY_LOCATION,
                    "spring.flyway.placeholders.agent.session.jdbc.table-prefix=OTHER_",
                    "agent.session.jdbc.initialize-schema=never", "agent.session.jdbc.table-prefix=FW_")
            .run((context) -> {
                // Flyway created OTHER_ tables, so the store's FW_ ones are missing.
                assertThat(analyze(context).getDescription()).contains("FW_SESSIONS");
                assertThat(new JdbcTemplate(dataSource)
                    .queryForObject("SELECT MAX(VERSION) FROM OTHER_SCHEMA_VERSION", Integer.class))
                    .isEqualTo(JdbcSchema.CURRENT_VERSION);
            });
    }

    @Test
    void startupWhenLiquibaseRunsTheShippedChangelogThenBeforeTheStores() {
        this.runner.withConfiguration(AutoConfigurations.of(LiquibaseAutoConfiguration.class))
            .withPropertyValues("spring.liquibase.change-log=classpath:" + JdbcSchema.LIQUIBASE_CHANGELOG,
                    "agent.session.jdbc.initialize-schema=never")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBeanFactory().getBeanDefinition("agentSessionStore").getDependsOn())
                    .contains("liquibase");
                assertStoreWorks(context);
            });
    }

    @Test
    void startupWhenLiquibaseGetsAnotherTablePrefixAsParameterThenItsTablesHaveIt() {
        this.runner.withConfiguration(AutoConfigurations.of(LiquibaseAutoConfiguration.class))
            .withPropertyValues("spring.liquibase.change-log=classpath:" + JdbcSchema.LIQUIBASE_CHANGELOG,
                    "spring.liquibase.parameters.agent.session.jdbc.table-prefix=LB_",
                    "agent.session.jdbc.initialize-schema=never", "agent.session.jdbc.table-prefix=LB_")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(JdbcSessionStore.class).settings().sessionsTable())
                    .isEqualTo("LB_SESSIONS");
                assertStoreWorks(context);
            });
    }

    private static DataSource h2() {
        return new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    private ApplicationContextRunner postgresql() {
        return this.runner.withPropertyValues("spring.datasource.url=" + postgresqlUrl(),
                "spring.datasource.username=postgres");
    }

    private static String postgresqlUrl() {
        return "jdbc:postgresql://" + LocalServer.POSTGRESQL.host() + ":" + LocalServer.POSTGRESQL.port() + "/test";
    }

    private static DataSource postgresqlDataSource() {
        return new DriverManagerDataSource(postgresqlUrl(), "postgres", "");
    }

    private static String randomPrefix() {
        return "S" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT) + "_";
    }

    private static FailureAnalysis analyze(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        return AgentSessionAutoConfigurationTests.analyze(context.getStartupFailure());
    }

    private static void assertStoreWorks(AssertableApplicationContext context) {
        SessionManager sessions = context.getBean(SessionManager.class);
        SessionRef ref = sessions.create(NewSession.forUser("app-" + UUID.randomUUID(), "ada")).ref();
        sessions.append(ref, NewEvent.message("user", "hello"));
        assertThat(sessions.get(ref, EventWindow.all()).events()).hasSize(1);
        context.getBean(JdbcSessionStore.class).ping();
    }
}
