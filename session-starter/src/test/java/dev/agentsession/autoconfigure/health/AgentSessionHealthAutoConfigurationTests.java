package dev.agentsession.autoconfigure.health;

import java.lang.reflect.Proxy;

import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.store.SessionStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class AgentSessionHealthAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(AgentSessionAutoConfiguration.class, AgentSessionHealthAutoConfiguration.class));

    @Test
    void healthWhenStoreAnswersThenUpWithStoreAndLatency() {
        this.runner.run((context) -> {
            assertThat(context).hasBean("agentSessionHealthIndicator");
            Health health = context.getBean(AgentSessionHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("store", "memory").containsKey("latency");
        });
    }

    @Test
    void healthWhenStoreRoundTripFailsThenDownWithTheReason() {
        Health health = new AgentSessionHealthIndicator(unreachableStore()).health(true);
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("store", "unreachable")
            .containsEntry("reason", "connection refused");
    }

    @Test
    void healthWhenIndicatorDisabledThenNoBean() {
        this.runner.withPropertyValues("management.health.agentsession.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(AgentSessionHealthIndicator.class));
    }

    /**
     * A store whose round trip fails, as one whose server is down does.
     */
    static SessionStore unreachableStore() {
        return (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
                new Class<?>[] { SessionStore.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "type" -> "unreachable";
                    case "ping" -> throw new SessionStoreUnavailableException("connection refused", null);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
