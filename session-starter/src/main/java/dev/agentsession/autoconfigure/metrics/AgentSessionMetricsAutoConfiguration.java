package dev.agentsession.autoconfigure.metrics;

import dev.agentsession.SessionManager;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.store.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Times the {@link SessionManager} with Micrometer when it is on the classpath and a {@link MeterRegistry}
 * bean exists.
 */
@AutoConfiguration(after = AgentSessionAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
public final class AgentSessionMetricsAutoConfiguration {

    @Bean
    static BeanPostProcessor agentSessionMetricsPostProcessor(ObjectProvider<MeterRegistry> registry,
            ObjectProvider<SessionStore> store) {
        return new BeanPostProcessor() {

            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof SessionManager manager) || bean instanceof MeteredSessionManager) {
                    return bean;
                }
                MeterRegistry meterRegistry = registry.getIfAvailable();
                if (meterRegistry == null) {
                    return bean;
                }
                SessionStore sessionStore = store.getIfAvailable();
                return new MeteredSessionManager(manager, meterRegistry,
                        (sessionStore != null) ? sessionStore.type() : "custom");
            }

        };
    }
}
