package dev.agentsession.autoconfigure.observation;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.StaleSessionException;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthGrant;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthSessionManager;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.observation.DefaultSessionObservationConvention;
import dev.agentsession.observation.SessionObservationConvention;
import dev.agentsession.observation.SessionObservations;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.store.SessionCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AgentSessionObservationAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
        .of(AgentSessionAutoConfiguration.class, AgentSessionObservationAutoConfiguration.class));

    @Test
    void managersWhenContextHasObservationRegistryThenTheyObserveIntoIt() {
        this.runner.withBean(ObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
            TestObservationRegistry registry = (TestObservationRegistry) context.getBean(ObservationRegistry.class);
            SessionManager sessions = context.getBean(SessionManager.class);
            assertThat(sessions).isExactlyInstanceOf(DefaultSessionManager.class);
            SessionRef ref = sessions.create(NewSession.forUser("support", "ada")).ref();
            sessions.append(ref, NewEvent.message("user", "hi"));
            sessions.documents().save(DocumentScope.user("default", "ada"), "profile", Map.of("k", "v"));
            AuthSessionManager auth = context.getBean(AuthSessionManager.class);
            auth.put(AuthGrant.unscoped(AuthSessionKey.of("thread-1", "github"), AuthContext.bearer("token", null)));
            assertThat(registry).hasNumberOfObservationsWithNameEqualTo("agent.session.operations", 4)
                .forAllObservationsWithNameEqualTo("agent.session.operations", (observation) -> observation
                    .hasLowCardinalityKeyValue("store", "memory")
                    .hasLowCardinalityKeyValue("outcome", "success"))
                .hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("operation", "create"))
                .hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("operation", "append"))
                .hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("operation", "document.save"))
                .hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("operation", "auth.put"));
        });
    }

    @Test
    void managersWhenNoObservationRegistryThenNoObservationsBeanAndManagersWork() {
        this.runner.run((context) -> {
            assertThat(context).doesNotHaveBean(SessionObservations.class).hasSingleBean(SessionManager.class);
            SessionManager sessions = context.getBean(SessionManager.class);
            SessionRef ref = sessions.create(NewSession.forUser("support", "ada")).ref();
            assertThat(sessions.append(ref, NewEvent.message("user", "hi")).version()).isEqualTo(2);
        });
    }

    @Test
    void managerWhenApplicationDeclaresItsOwnThenThatInstanceIsUsedUnobservedAndUnwrapped() {
        MemorySessionStore store = new MemorySessionStore(Clock.systemUTC(), 10, new SessionCodec());
        SessionManager own = new DefaultSessionManager(store, store, () -> "own-id", Clock.systemUTC(),
                new SessionCodec(), SessionSettings.defaults());
        this.runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
            .withBean("mySessions", SessionManager.class, () -> own)
            .run((context) -> {
                assertThat(context.getBean(SessionManager.class)).isSameAs(own);
                own.create(NewSession.forUser("support", "ada"));
                assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
                    .doesNotHaveAnyObservation();
            });
    }

    @Test
    void observationsWhenApplicationDeclaresAConventionThenItNamesTheObservations() {
        this.runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
            .withBean(SessionObservationConvention.class, () -> new DefaultSessionObservationConvention() {

                @Override
                public String getName() {
                    return "chat.sessions";
                }

            })
            .run((context) -> {
                context.getBean(SessionManager.class).create(NewSession.forUser("support", "ada"));
                assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
                    .hasSingleObservationThat()
                    .hasNameEqualTo("chat.sessions");
            });
    }

    @Test
    void metersWhenBootObservationAndMetricsAreConfiguredThenTimerAndStaleCounterInTheMeterRegistry() {
        this.runner
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class))
            .run((context) -> {
                SessionManager sessions = context.getBean(SessionManager.class);
                SessionRef ref = sessions.create(NewSession.forUser("support", "ada")).ref();
                sessions.append(ref, NewEvent.message("user", "hi"));
                assertThatExceptionOfType(StaleSessionException.class)
                    .isThrownBy(() -> sessions.append(ref, 1, NewEvent.message("user", "late")));
                context.getBean(AuthSessionManager.class).find(AuthSessionKey.of("thread-1", "github"), Set.of());
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                assertThat(meters.get("agent.session.operations")
                    .tags("operation", "append", "store", "memory", "outcome", "success")
                    .timer()
                    .count()).isEqualTo(1);
                assertThat(meters.get("agent.session.operations")
                    .tags("operation", "append", "store", "memory", "outcome", "stale")
                    .timer()
                    .count()).isEqualTo(1);
                assertThat(meters.get("agent.session.operations")
                    .tags("operation", "auth.find", "store", "memory", "outcome", "success")
                    .timer()
                    .count()).isEqualTo(1);
                assertThat(meters.get("agent.session.operations.stale")
                    .tags("operation", "append", "store", "memory")
                    .counter()
                    .count()).isEqualTo(1);
            });
    }
}
