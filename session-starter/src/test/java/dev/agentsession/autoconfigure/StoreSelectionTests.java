package dev.agentsession.autoconfigure;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthGrant;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthSessionManager;
import dev.agentsession.autoconfigure.health.AgentSessionHealthAutoConfiguration;
import dev.agentsession.autoconfigure.health.AgentSessionHealthIndicator;
import dev.agentsession.jdbc.JdbcAuthSessionStore;
import dev.agentsession.jdbc.JdbcSchemaInitializer;
import dev.agentsession.jdbc.JdbcSessionStore;
import dev.agentsession.jdbc.JdbcStoreSettings;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.redis.RedisAuthSessionStore;
import dev.agentsession.redis.RedisSessionStore;
import dev.agentsession.testservers.LocalServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Store selection (SPEC 6): each type chosen explicitly and by detection, and each failure analysis.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreSelectionTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(AgentSessionAutoConfiguration.class, AgentSessionHealthAutoConfiguration.class));

    private static DataSource h2() {
        return new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    private static LettuceConnectionFactory localRedis() {
        LocalServer.REDIS.require();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(LocalServer.REDIS.host(), LocalServer.REDIS.port()));
        factory.afterPropertiesSet();
        return factory;
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void storeWhenDataSourceExistsAndTypeUnsetThenJdbcIsDetectedAndLoggedOnce(CapturedOutput output) {
        this.runner.withBean(DataSource.class, StoreSelectionTests::h2).run((context) -> {
            assertThat(context).hasSingleBean(JdbcSessionStore.class).hasSingleBean(JdbcAuthSessionStore.class)
                .doesNotHaveBean(MemorySessionStore.class);
            SessionManager sessions = context.getBean(SessionManager.class);
            AgentSession created = sessions.create(NewSession.forUser("app", "ada"));
            sessions.append(created.ref(), NewEvent.message("user", "stored in H2"));
            assertThat(sessions.get(created.ref(), EventWindow.all()).events()).hasSize(1);
        });
        assertThat(output).containsOnlyOnce("Agent Session store: jdbc (detected: a DataSource bean exists");
    }

    @Test
    void storeWhenTypeIsJdbcThenJdbcWithTheConfiguredPrefix() {
        this.runner.withBean(DataSource.class, StoreSelectionTests::h2)
            .withPropertyValues("agent.session.store-type=jdbc", "agent.session.jdbc.table-prefix=MY_",
                    "agent.session.jdbc.platform=h2")
            .run((context) -> {
                assertThat(context.getBean(JdbcSessionStore.class).settings().tablePrefix()).isEqualTo("MY_");
                new JdbcTemplate(context.getBean(DataSource.class)).queryForObject("SELECT COUNT(*) FROM MY_SESSIONS",
                        Integer.class);
            });
    }

    @Test
    void storeWhenRedisConnectionFactoryExistsThenRedisIsDetectedEvenWithADataSource(CapturedOutput output) {
        LettuceConnectionFactory redis = localRedis();
        try {
            this.runner.withBean(DataSource.class, StoreSelectionTests::h2)
                .withBean(RedisConnectionFactory.class, () -> redis)
                .withPropertyValues("agent.session.redis.namespace=test:" + UUID.randomUUID())
                .run((context) -> {
                    assertThat(context).hasSingleBean(RedisSessionStore.class)
                        .hasSingleBean(RedisAuthSessionStore.class);
                    SessionManager sessions = context.getBean(SessionManager.class);
                    AgentSession created = sessions.create(NewSession.forUser("app", "ada"));
                    assertThat(sessions.get(created.ref(), EventWindow.none()).version()).isEqualTo(1);
                    sessions.deleteAll(created.ref().tenant(), "app");
                });
        }
        finally {
            redis.destroy();
        }
        assertThat(output).contains("Agent Session store: redis (detected: a RedisConnectionFactory bean exists)");
    }

    @Test
    void storeWhenTypeIsRedisButNoConnectionFactoryThenFailureAnalysisSaysWhatToAdd() {
        this.runner.withBean(DataSource.class, StoreSelectionTests::h2)
            .withPropertyValues("agent.session.store-type=redis")
            .run((context) -> {
                FailureAnalysis analysis = AgentSessionAutoConfigurationTests.analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("redis").contains("RedisConnectionFactory");
                assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis")
                    .contains("spring.data.redis.host");
            });
    }

    @Test
    void storeWhenTypeIsJdbcButNoDataSourceThenFailureAnalysisSaysWhatToAdd() {
        this.runner.withPropertyValues("agent.session.store-type=jdbc").run((context) -> {
            FailureAnalysis analysis = AgentSessionAutoConfigurationTests.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("jdbc").contains("DataSource");
            assertThat(analysis.getAction()).contains("spring.datasource.url");
        });
    }

    @Test
    void storeWhenTypeIsJdbcButSpringJdbcIsMissingThenFailureAnalysisNamesTheDependency() {
        this.runner.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
            .withPropertyValues("agent.session.store-type=jdbc")
            .run((context) -> {
                FailureAnalysis analysis = AgentSessionAutoConfigurationTests.analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("spring-jdbc on the classpath");
                assertThat(analysis.getAction()).contains("spring-boot-starter-jdbc");
            });
    }

    @Test
    void storeWhenTypeIsRedisButSpringDataRedisIsMissingThenFailureAnalysisNamesTheDependency() {
        this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
            .withPropertyValues("agent.session.store-type=redis")
            .run((context) -> {
                FailureAnalysis analysis = AgentSessionAutoConfigurationTests.analyze(context.getStartupFailure());
                assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis");
            });
    }

    @Test
    void storeWhenNoRedisOrJdbcOnTheClasspathThenMemoryWithoutLoadingThem() {
        this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis", "org.springframework.jdbc"))
            .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(MemorySessionStore.class));
    }

    @Test
    void storeWhenTablePrefixIsNotAnIdentifierThenFailureAnalysisSaysWhatToChange() {
        this.runner.withBean(DataSource.class, StoreSelectionTests::h2)
            .withPropertyValues("agent.session.jdbc.table-prefix=drop table;")
            .run((context) -> {
                FailureAnalysis analysis = AgentSessionAutoConfigurationTests.analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("agent.session.jdbc.table-prefix");
                assertThat(analysis.getAction()).contains("SQL identifier");
            });
    }

    @Test
    void storeWhenPlatformIsUnknownThenFailureAnalysisListsTheValues() {
        this.runner.withBean(DataSource.class, StoreSelectionTests::h2)
            .withPropertyValues("agent.session.jdbc.platform=oracle")
            .run((context) -> assertThat(AgentSessionAutoConfigurationTests.analyze(context.getStartupFailure())
                .getAction()).contains("h2, sqlite, postgresql, mysql"));
    }

    @Test
    void storeWhenCleanupCronIsInvalidThenFailureAnalysisSaysWhatToChange() {
        this.runner.withBean(DataSource.class, StoreSelectionTests::h2)
            .withPropertyValues("agent.session.jdbc.cleanup-cron=every minute")
            .run((context) -> assertThat(AgentSessionAutoConfigurationTests.analyze(context.getStartupFailure())
                .getDescription()).contains("agent.session.jdbc.cleanup-cron"));
    }

    @Test
    void storeWhenRedisNamespaceIsInvalidThenFailureAnalysisSaysWhatToChange() {
        LettuceConnectionFactory redis = localRedis();
        try {
            this.runner.withBean(RedisConnectionFactory.class, () -> redis)
                .withPropertyValues("agent.session.redis.namespace=bad{tag}")
                .run((context) -> assertThat(AgentSessionAutoConfigurationTests.analyze(context.getStartupFailure())
                    .getDescription()).contains("agent.session.redis.namespace"));
        }
        finally {
            redis.destroy();
        }
    }

    @Test
    void healthWhenJdbcTablesAreMissingThenDownNamingThem() {
        this.runner.withBean(DataSource.class, StoreSelectionTests::h2)
            .run((context) -> {
                // Startup fails when they are missing then; here they go away while the application runs.
                new JdbcSchemaInitializer(context.getBean(DataSource.class), JdbcStoreSettings.defaults())
                    .dropSchema();
                Health health = context.getBean(AgentSessionHealthIndicator.class).health(true);
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails()).containsEntry("store", "jdbc");
                assertThat(String.valueOf(health.getDetails().get("reason"))).contains("AGENT_SESSIONS")
                    .contains("initialize-schema");
            });
    }

    @Test
    void healthWhenJdbcTablesExistThenUp() {
        this.runner.withBean(DataSource.class, StoreSelectionTests::h2).run((context) -> {
            Health health = context.getBean(AgentSessionHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("store", "jdbc");
        });
    }

    @Test
    void authWhenPersistentStoreHasNoKeyThenWarnsAtStartupAndWritesFailWithHowTo(CapturedOutput output) {
        this.runner.withBean(DataSource.class, StoreSelectionTests::h2).run((context) -> {
            AuthSessionManager auth = context.getBean(AuthSessionManager.class);
            assertThatIllegalStateException()
                .isThrownBy(() -> auth.put(AuthGrant.unscoped(AuthSessionKey.of("t1", "slack"),
                        AuthContext.bearer("xoxb-SECRET", null))))
                .withMessageContaining("agent.session.auth.encryption-key")
                .withMessageContaining("openssl rand -base64 32");
        });
        assertThat(output).contains("WARN").contains("no key is configured");
        assertThat(output).doesNotContain("xoxb-SECRET");
    }

    @Test
    void authWhenKeyIsConfiguredThenCredentialsRoundTripEncrypted(CapturedOutput output) {
        this.runner.withBean(DataSource.class, StoreSelectionTests::h2)
            .withPropertyValues("agent.session.auth.encryption-key=" + newKey())
            .run((context) -> {
                AuthSessionManager auth = context.getBean(AuthSessionManager.class);
                AuthSessionKey key = AuthSessionKey.of("t1", "slack");
                auth.put(AuthGrant.unscoped(key, AuthContext.bearer("xoxb-SECRET", null)));
                assertThat(auth.find(key, Set.of()).orElseThrow().context().accessToken()).isEqualTo("xoxb-SECRET");
                Integer clear = new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
                        "SELECT COUNT(*) FROM AGENT_AUTH_SESSIONS WHERE CONTEXT_SEALED LIKE '%xoxb%'", Integer.class);
                assertThat(clear).isZero();
            });
        assertThat(output).doesNotContain("no key is configured").doesNotContain("xoxb-SECRET");
    }

    @Test
    void cleanupWhenSessionsExpiredThenDeletesThem() {
        this.runner.withBean(DataSource.class, StoreSelectionTests::h2)
            .withPropertyValues("agent.session.ttl=1ms", "agent.session.jdbc.cleanup-cron=-")
            .run((context) -> {
                SessionManager sessions = context.getBean(SessionManager.class);
                sessions.create(NewSession.forUser("app", "ada"));
                sessions.create(NewSession.forUser("app", "bob"));
                Thread.sleep(Duration.ofMillis(5).toMillis());
                assertThat(context.getBean(JdbcExpiryCleanup.class).cleanUp()).isEqualTo(2);
                assertThat(new JdbcTemplate(context.getBean(DataSource.class))
                    .queryForObject("SELECT COUNT(*) FROM AGENT_SESSIONS", Integer.class)).isZero();
            });
    }
}
