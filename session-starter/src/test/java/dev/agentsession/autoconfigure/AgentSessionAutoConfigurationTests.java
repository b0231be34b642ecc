package dev.agentsession.autoconfigure;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
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
import dev.agentsession.auth.AuthContextCipher;
import dev.agentsession.auth.AuthSessionManager;
import dev.agentsession.memory.MemoryAuthSessionStore;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.SessionIdGenerator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core wiring of {@link AgentSessionAutoConfiguration}: defaults, properties, user beans, failures.
 */
class AgentSessionAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AgentSessionAutoConfiguration.class));

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void contextWhenNothingConfiguredThenMemoryStoreAndManagersWork() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(MemorySessionStore.class)
                .hasSingleBean(MemoryAuthSessionStore.class)
                .hasSingleBean(SessionManager.class)
                .hasSingleBean(AuthSessionManager.class)
                .doesNotHaveBean(AuthContextCipher.class);
            SessionManager sessions = context.getBean(SessionManager.class);
            AgentSession created = sessions.create(NewSession.forUser("app", "ada"));
            sessions.append(created.ref(), NewEvent.message("user", "hi"));
            assertThat(sessions.get(created.ref(), EventWindow.all()).eventCount()).isEqualTo(1);
            assertThat(created.expiresAt()).isNull();
        });
    }

    @Test
    void contextWhenStoreTypeIsMemoryThenMemoryStoreEvenWithADataSource() {
        this.runner.withPropertyValues("agent.session.store-type=memory")
            .withBean(javax.sql.DataSource.class,
                    () -> new org.springframework.jdbc.datasource.DriverManagerDataSource("jdbc:h2:mem:ignored"))
            .run((context) -> assertThat(context).hasSingleBean(MemorySessionStore.class));
    }

    @Test
    void contextWhenTtlAndLimitsSetThenManagerAppliesThem() {
        this.runner
            .withPropertyValues("agent.session.ttl=30m", "agent.session.max-event-size=2KB",
                    "agent.session.waits.default-ttl=2h", "agent.session.memory.maximum-sessions=5")
            .run((context) -> {
                SessionManager sessions = context.getBean(SessionManager.class);
                AgentSession created = sessions.create(NewSession.forUser("app", "ada"));
                assertThat(Duration.between(created.createdAt(), created.expiresAt())).isEqualTo(Duration.ofMinutes(30));
                org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                    .isThrownBy(() -> sessions.append(created.ref(), NewEvent.message("user", "x".repeat(3000))))
                    .withMessageContaining("2048");
                assertThat(context.getBean(dev.agentsession.SessionSettings.class).waitTtl())
                    .isEqualTo(Duration.ofHours(2));
            });
    }

    @Test
    void contextWhenStoreTypeIsUnknownThenStartupFailsNamingTheProperty() {
        this.runner.withPropertyValues("agent.session.store-type=mongo").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("agent.session.store-type");
        });
    }

    @Test
    void contextWhenMaximumSessionsIsNotPositiveThenFailureAnalysisSaysWhatToChange() {
        this.runner.withPropertyValues("agent.session.memory.maximum-sessions=0").run((context) -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("agent.session.memory.maximum-sessions");
            assertThat(analysis.getAction()).contains("positive");
        });
    }

    @Test
    void contextWhenTtlIsNegativeThenFailureAnalysisSaysWhatToChange() {
        this.runner.withPropertyValues("agent.session.ttl=-5m").run((context) -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("ttl");
            assertThat(analysis.getAction()).contains("agent.session.ttl");
        });
    }

    @Test
    void contextWhenEncryptionKeyIsValidThenCipherBeanExists() {
        this.runner.withPropertyValues("agent.session.auth.encryption-key=" + newKey())
            .run((context) -> assertThat(context).hasSingleBean(AuthContextCipher.class));
    }

    @Test
    void contextWhenEncryptionKeyIsInvalidThenFailureAnalysisExplainsHowToGenerateOneWithoutEchoingIt() {
        String badKey = Base64.getEncoder().encodeToString("too-short-secret".getBytes());
        this.runner.withPropertyValues("agent.session.auth.encryption-key=" + badKey).run((context) -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("agent.session.auth").doesNotContain(badKey);
            assertThat(analysis.getAction()).contains("openssl rand -base64 32");
        });
    }

    @Test
    void contextWhenUserDefinesTheirOwnBeansThenOursBackOff() {
        this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
            assertThat(context).hasSingleBean(SessionCodec.class);
            assertThat(context.getBean(SessionStore.class)).isSameAs(context.getBean(UserBeans.class).store);
            assertThat(context).hasSingleBean(AuthSessionStore.class).doesNotHaveBean("agentAuthSessionStore");
        });
    }

    @Test
    void contextWhenQualifiedClockAndIdGeneratorDeclaredThenTheManagerUsesThem() {
        this.runner.withUserConfiguration(QualifiedBeans.class).run((context) -> {
            SessionManager sessions = context.getBean(SessionManager.class);
            AgentSession created = sessions.create(NewSession.forUser("app", "ada"));
            assertThat(created.ref().sessionId()).isEqualTo("qualified-id");
            assertThat(created.createdAt()).isEqualTo(QualifiedBeans.NOW);
        });
    }

    @Test
    void contextWhenUnqualifiedClockAndIdGeneratorExistThenTheyAreNotOurs() {
        Clock applicationClock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        this.runner.withBean(Clock.class, () -> applicationClock)
            .withBean(SessionIdGenerator.class, () -> () -> "application-id")
            .run((context) -> {
                AgentSession created = context.getBean(SessionManager.class).create(NewSession.forUser("app", "ada"));
                assertThat(created.ref().sessionId()).isNotEqualTo("application-id");
                assertThat(UUID.fromString(created.ref().sessionId()).version()).isEqualTo(7);
                assertThat(created.createdAt()).isNotEqualTo(applicationClock.instant());
            });
    }

    @Test
    void contextWhenDefaultsThenNoBeanOfASharedTypeIsPublished() {
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(Clock.class)
            .doesNotHaveBean(SessionIdGenerator.class)
            .doesNotHaveBean(JsonMapper.class)
            .doesNotHaveBean(ObjectMapper.class));
    }

    @Test
    void contextWhenUserDefinesSessionManagerThenItIsUsed() {
        this.runner.withBean("mySessions", SessionManager.class, () -> new DefaultSessionManager(
                new MemorySessionStore(Clock.systemUTC(), 10, new SessionCodec()),
                new MemorySessionStore(Clock.systemUTC(), 10, new SessionCodec()),
                () -> "x", Clock.systemUTC(), new SessionCodec(), dev.agentsession.SessionSettings.defaults()))
            .run((context) -> assertThat(context).hasSingleBean(SessionManager.class).hasBean("mySessions"));
    }

    @Test
    void managerWhenSessionCreatedArchivedAndDeletedThenApplicationEventsArePublishedAfterwards() {
        this.runner.withUserConfiguration(EventCapture.class).run((context) -> {
            SessionManager sessions = context.getBean(SessionManager.class);
            List<SessionLifecycleEvent> events = context.getBean(EventCapture.class).events;
            SessionRef ref = sessions.create(NewSession.forUser("app", "ada")).ref();
            assertThat(events).singleElement().isInstanceOf(SessionCreatedLifecycleEvent.class);
            sessions.archive(ref);
            sessions.delete(ref);
            assertThat(events).extracting(Object::getClass, SessionLifecycleEvent::getRef)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SessionCreatedLifecycleEvent.class, ref),
                        org.assertj.core.groups.Tuple.tuple(SessionArchivedLifecycleEvent.class, ref),
                        org.assertj.core.groups.Tuple.tuple(SessionDeletedLifecycleEvent.class, ref));
            assertThat(sessions.delete(ref)).isFalse();
            assertThat(events).hasSize(3);
        });
    }

    static FailureAnalysis analyze(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof AgentSessionConfigurationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("AgentSessionConfigurationException in %s", failure).isNotNull();
        FailureAnalysis analysis = new AgentSessionFailureAnalyzer().analyze(failure);
        assertThat(analysis).isNotNull();
        return analysis;
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBeans {

        final MemorySessionStore store = new MemorySessionStore(Clock.systemUTC(), 10, new SessionCodec());

        @Bean
        MemorySessionStore userStore() {
            return this.store;
        }

        @Bean
        AuthSessionStore userAuthStore() {
            return new MemoryAuthSessionStore();
        }

        @Bean
        SessionCodec userCodec() {
            return new SessionCodec();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class QualifiedBeans {

        static final Instant NOW = Instant.parse("2031-02-03T04:05:06Z");

        @Bean
        @AgentSessionClock
        Clock agentClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }

        @Bean
        @AgentSessionIdGenerator
        SessionIdGenerator agentIds() {
            return () -> "qualified-id";
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class EventCapture implements ApplicationListener<SessionLifecycleEvent> {

        final List<SessionLifecycleEvent> events = new ArrayList<>();

        @Override
        public void onApplicationEvent(SessionLifecycleEvent event) {
            this.events.add(event);
        }

    }
}
