package dev.agentsession.autoconfigure;

import java.time.Clock;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.WaitStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.session.SessionIdGenerator;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of a {@link SessionManager} on the store that {@code agent.session.store-type} names or
 * that the application's infrastructure implies.
 */
@AutoConfiguration
@EnableConfigurationProperties(AgentSessionProperties.class)
@Import(MemoryStoreConfiguration.class)
public final class AgentSessionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock agentSessionClock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    SessionIdGenerator agentSessionIdGenerator(Clock clock) {
        return new TimeOrderedSessionIdGenerator(clock);
    }

    @Bean
    @ConditionalOnMissingBean
    SessionCodec agentSessionCodec() {
        // A mapper of our own: the application's JsonMapper may be customised in ways that change the
        // stored format. An application that wants that anyway declares its own SessionCodec.
        return new SessionCodec(JsonMapper.builder().build());
    }

    @Bean
    @ConditionalOnMissingBean
    SessionSettings agentSessionSettings(AgentSessionProperties properties) {
        PropertyMapper map = PropertyMapper.get();
        SessionSettings settings = SessionSettings.defaults();
        settings = map.from(properties::getTtl).to(settings, SessionSettings::withTtl);
        settings = map.from(properties::getMaxEventSize)
            .as(DataSize::toBytes)
            .to(settings, SessionSettings::withMaxEventSize);
        settings = map.from(properties.getWaits()::getDefaultTtl).to(settings, SessionSettings::withWaitTtl);
        return settings;
    }

    @Bean
    @ConditionalOnMissingBean
    SessionManager agentSessionManager(SessionStore store, WaitStore waits, SessionIdGenerator idGenerator, Clock clock,
            SessionCodec codec, SessionSettings settings) {
        return new DefaultSessionManager(store, waits, idGenerator, clock, codec, settings);
    }
}
