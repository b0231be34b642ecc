package dev.agentsession.adk.autoconfigure;

import com.google.adk.sessions.BaseSessionService;
import dev.agentsession.SessionManager;
import dev.agentsession.adk.AgentSessionService;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.autoconfigure.AgentSessionConfigurationException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of an ADK {@link BaseSessionService} on the application's {@link SessionManager}: a
 * {@code Runner} built with the service bean keeps its sessions, events and state in Agent Session.
 */
@AutoConfiguration(after = AgentSessionAutoConfiguration.class)
@ConditionalOnClass(BaseSessionService.class)
@ConditionalOnBean(SessionManager.class)
@EnableConfigurationProperties(AgentSessionAdkProperties.class)
public final class AgentSessionAdkAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(BaseSessionService.class)
    AgentSessionService agentSessionAdkSessionService(SessionManager sessions, AgentSessionAdkProperties properties) {
        try {
            return new AgentSessionService(sessions, properties.getTenant());
        }
        catch (IllegalArgumentException ex) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.adk.tenant",
                    "Set agent.session.adk.tenant to 1 to 256 characters without control characters (default: default).",
                    ex);
        }
    }
}
