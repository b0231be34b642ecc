package dev.agentsession.autoconfigure.metrics;

import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.StaleSessionException;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AgentSessionMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(AgentSessionAutoConfiguration.class, AgentSessionMetricsAutoConfiguration.class));

    @Test
    void managerWhenMeterRegistryExistsThenOperationsAreTimedWithOutcomeAndStaleConflictsCounted() {
        this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
            SessionManager sessions = context.getBean(SessionManager.class);
            assertThat(sessions).isInstanceOf(MeteredSessionManager.class);
            SessionRef ref = sessions.create(NewSession.forUser("app", "ada")).ref();
            sessions.append(ref, NewEvent.message("user", "hi"));
            assertThatExceptionOfType(StaleSessionException.class)
                .isThrownBy(() -> sessions.append(ref, 1, NewEvent.message("user", "late")));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(MeteredSessionManager.OPERATIONS)
                .tags("operation", "append", "store", "memory", "outcome", "success")
                .timer()
                .count()).isEqualTo(1);
            assertThat(registry.get(MeteredSessionManager.OPERATIONS)
                .tags("operation", "append", "store", "memory", "outcome", "stale")
                .timer()
                .count()).isEqualTo(1);
            assertThat(registry.get(MeteredSessionManager.OPERATIONS)
                .tags("operation", "create", "outcome", "success")
                .timer()
                .count()).isEqualTo(1);
            assertThat(registry.get(MeteredSessionManager.STALE_CONFLICTS).tags("store", "memory").counter().count())
                .isEqualTo(1);
        });
    }

    @Test
    void managerWhenNoMeterRegistryThenNotWrapped() {
        this.runner.run((context) -> assertThat(context.getBean(SessionManager.class))
            .isNotInstanceOf(MeteredSessionManager.class));
    }
}
