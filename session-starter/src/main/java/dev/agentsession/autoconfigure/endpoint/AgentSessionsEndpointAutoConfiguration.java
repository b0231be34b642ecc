package dev.agentsession.autoconfigure.endpoint;

import dev.agentsession.SessionManager;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code agentsessions} endpoint when actuator is present and the application exposes it.
 */
@AutoConfiguration(after = AgentSessionAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(SessionManager.class)
@ConditionalOnAvailableEndpoint(AgentSessionsEndpoint.class)
@EnableConfigurationProperties(AgentSessionsEndpointProperties.class)
public final class AgentSessionsEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AgentSessionsEndpoint agentSessionsEndpoint(SessionManager sessions, AgentSessionsEndpointProperties properties) {
        return new AgentSessionsEndpoint(sessions, properties.getShowValues(), properties.getRoles());
    }
}
