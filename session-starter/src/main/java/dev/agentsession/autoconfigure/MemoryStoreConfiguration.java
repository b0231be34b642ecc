package dev.agentsession.autoconfigure;

import java.time.Clock;

import dev.agentsession.memory.MemoryAuthSessionStore;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The memory store: chosen by {@code agent.session.store-type=memory}, or when the application has neither
 * Redis nor a DataSource.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(StoreTypeCondition.Memory.class)
class MemoryStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean(SessionStore.class)
    MemorySessionStore agentSessionStore(@AgentSessionClock ObjectProvider<Clock> clock, SessionCodec codec,
            AgentSessionProperties properties) {
        long maximum = properties.getMemory().getMaximumSessions();
        if (maximum < 1) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.memory.maximum-sessions",
                    "Set agent.session.memory.maximum-sessions to a positive number of sessions.",
                    new IllegalArgumentException("must be positive, was " + maximum));
        }
        StoreChoice.log(properties, StoreType.MEMORY,
                "Caffeine, at most " + maximum + " sessions, nothing survives a restart");
        return new MemorySessionStore(AgentSessionAutoConfiguration.clock(clock), maximum, codec);
    }

    @Bean
    @ConditionalOnMissingBean(AuthSessionStore.class)
    MemoryAuthSessionStore agentAuthSessionStore() {
        return new MemoryAuthSessionStore();
    }
}
