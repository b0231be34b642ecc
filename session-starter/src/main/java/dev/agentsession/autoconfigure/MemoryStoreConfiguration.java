package dev.agentsession.autoconfigure;

import java.time.Clock;

import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.memory.CaffeineSessionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The memory store: chosen by {@code agent.session.store-type=memory}, or when nothing else is configured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(SessionStore.class)
class MemoryStoreConfiguration {

    private static final Log logger = LogFactory.getLog(MemoryStoreConfiguration.class);

    @Bean
    CaffeineSessionStore agentSessionStore(Clock clock, SessionCodec codec, AgentSessionProperties properties) {
        logger.info("Agent Session store: memory (Caffeine, at most " + properties.getMemory().getMaximumSessions()
                + " sessions, lost on restart)");
        return new CaffeineSessionStore(clock, properties.getMemory().getMaximumSessions(), codec);
    }
}
