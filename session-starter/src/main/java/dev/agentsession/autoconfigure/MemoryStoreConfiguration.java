package dev.agentsession.autoconfigure;

import java.time.Clock;
import java.util.List;

import dev.agentsession.memory.MemoryAuthSessionStore;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The memory store: chosen by {@code agent.session.store-type=memory}, or when the application has neither
 * Redis nor a DataSource.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(StoreTypeCondition.Memory.class)
class MemoryStoreConfiguration {

    private static final Log logger = LogFactory.getLog(MemoryStoreConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(SessionStore.class)
    MemorySessionStore agentSessionStore(@AgentSessionClock ObjectProvider<Clock> clock, SessionCodec codec,
            AgentSessionProperties properties, Environment environment) {
        long maximum = properties.getMemory().getMaximumSessions();
        if (maximum < 1) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.memory.maximum-sessions",
                    "Set agent.session.memory.maximum-sessions to a positive number of sessions.",
                    new IllegalArgumentException("must be positive, was " + maximum));
        }
        StoreChoice.log(properties, StoreType.MEMORY,
                "Caffeine, at most " + maximum + " sessions, nothing survives a restart");
        if (properties.getStoreType() == null) {
            warnIfABackendWasMeant(environment);
        }
        return new MemorySessionStore(AgentSessionAutoConfiguration.clock(clock), maximum, codec);
    }

    /**
     * A DataSource or Redis that is configured but was never created (its Boot starter is missing) would otherwise
     * leave the application on memory with nothing but an INFO line, and lose every session on restart.
     */
    private static void warnIfABackendWasMeant(Environment environment) {
        if (environment.containsProperty("spring.datasource.url")) {
            logger.warn("Agent Session runs on memory although spring.datasource.url is set: there is no DataSource "
                    + "bean. Add agent-session-spring-boot-starter-jdbc (or spring-boot-starter-jdbc) and the JDBC "
                    + "driver to store sessions in that database, or set agent.session.store-type=memory to keep "
                    + "them in memory on purpose.");
        }
        for (String redis : List.of("spring.data.redis.host", "spring.data.redis.url", "spring.data.redis.cluster.nodes")) {
            if (environment.containsProperty(redis)) {
                logger.warn("Agent Session runs on memory although " + redis + " is set: there is no "
                        + "RedisConnectionFactory bean. Add agent-session-spring-boot-starter-redis (or "
                        + "spring-boot-starter-data-redis) to store sessions in Redis, or set "
                        + "agent.session.store-type=memory to keep them in memory on purpose.");
                return;
            }
        }
    }

    @Bean
    @ConditionalOnMissingBean(AuthSessionStore.class)
    MemoryAuthSessionStore agentAuthSessionStore() {
        return new MemoryAuthSessionStore();
    }
}
