package dev.agentsession.autoconfigure.health;

import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.store.SessionStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the {@code agentSession} health indicator when Spring Boot's health support is present.
 */
@AutoConfiguration(after = AgentSessionAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(SessionStore.class)
@ConditionalOnEnabledHealthIndicator("agentsession")
public final class AgentSessionHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "agentSessionHealthIndicator")
    AgentSessionHealthIndicator agentSessionHealthIndicator(SessionStore store) {
        return new AgentSessionHealthIndicator(store);
    }
}
