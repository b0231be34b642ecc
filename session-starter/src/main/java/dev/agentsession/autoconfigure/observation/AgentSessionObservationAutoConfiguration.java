package dev.agentsession.autoconfigure.observation;

import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.observation.SessionObservationConvention;
import dev.agentsession.observation.SessionObservations;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Observes the auto-configured {@code SessionManager} and {@code AuthSessionManager} in the application's
 * {@link ObservationRegistry} (Boot's, once Actuator is present): a {@link SessionObservations} bean that
 * {@link AgentSessionAutoConfiguration} passes to the managers it creates. The managers observe themselves, so
 * nothing is wrapped, and a manager the application declares itself is left alone. A
 * {@link SessionObservationConvention} bean replaces the default names and keys. Ordered only after Boot's
 * observation auto-configuration, for the condition: the managers take the bean through an
 * {@code ObjectProvider} when they are created, whatever the order of the bean definitions.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnBean(ObservationRegistry.class)
public final class AgentSessionObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SessionObservations agentSessionObservations(ObservationRegistry registry,
            ObjectProvider<SessionObservationConvention> convention) {
        return new SessionObservations(registry, convention.getIfUnique());
    }
}
