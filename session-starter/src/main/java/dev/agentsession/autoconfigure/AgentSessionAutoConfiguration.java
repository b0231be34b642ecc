package dev.agentsession.autoconfigure;

import java.time.Clock;
import java.util.Objects;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.auth.AuthContextCipher;
import dev.agentsession.auth.AuthSessionManager;
import dev.agentsession.auth.DefaultAuthSessionManager;
import dev.agentsession.conversation.ConversationRefResolver;
import dev.agentsession.history.CompactionSettings;
import dev.agentsession.observation.SessionObservations;
import dev.agentsession.privacy.DefaultUserDataManager;
import dev.agentsession.privacy.UserDataManager;
import dev.agentsession.privacy.UserThreads;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.UserDataStore;
import dev.agentsession.store.WaitStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.session.SessionIdGenerator;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration of a {@link SessionManager} (and the {@link AuthSessionManager} and {@link UserDataManager}
 * beside it) on the store that {@code agent.session.store-type} names or that the application's infrastructure
 * implies, and of the {@link ConversationRefResolver} that every framework adapter on the classpath shares.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@EnableConfigurationProperties({ AgentSessionProperties.class, AgentSessionConversationProperties.class,
        AgentSessionHistoryProperties.class })
@ImportRuntimeHints(AgentSessionRuntimeHints.class)
@Import({ MissingBackendConfiguration.class, RedisStoreConfiguration.class, JdbcStoreConfiguration.class,
        MemoryStoreConfiguration.class, HistoryConfiguration.class })
public final class AgentSessionAutoConfiguration {

    /**
     * The clock of every Agent Session bean: an {@link AgentSessionClock @AgentSessionClock} bean, else the system
     * UTC clock. Never a bean itself (see {@link AgentSessionClock}).
     * @param clock the qualified clock, if the application declares one
     * @return the clock
     */
    static Clock clock(ObjectProvider<Clock> clock) {
        return clock.getIfAvailable(Clock::systemUTC);
    }

    @Bean
    @ConditionalOnMissingBean
    SessionCodec agentSessionCodec() {
        // The codec every store and manager shares: its limits are the ones the manager checks values against
        // and the stores read under. The application's JsonMapper is not used: its customisations would change
        // the stored format. An application that wants other limits declares its own SessionCodec.
        return new SessionCodec();
    }

    @Bean
    @ConditionalOnMissingBean
    SessionSettings agentSessionSettings(AgentSessionProperties properties) {
        try {
            return sessionSettings(properties);
        }
        catch (IllegalArgumentException ex) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session",
                    "Set agent.session.ttl, agent.session.max-event-size and agent.session.waits.default-ttl to "
                            + "positive values (or leave ttl unset for sessions that never expire).",
                    ex);
        }
    }

    private static SessionSettings sessionSettings(AgentSessionProperties properties) {
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
    @ConditionalOnProperty("agent.session.auth.encryption-key")
    AuthContextCipher agentSessionAuthCipher(AgentSessionProperties properties, SessionCodec codec) {
        AgentSessionProperties.Auth auth = properties.getAuth();
        try {
            return AuthContextCipher.of(Objects.requireNonNull(auth.getEncryptionKey()), auth.getPreviousKeys(),
                    codec.mapper());
        }
        catch (IllegalArgumentException ex) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.auth", "Set "
                    + AuthContextCipher.KEY_PROPERTY + " (and each of agent.session.auth.previous-keys) to a "
                    + "base64-encoded 32-byte key; generate one with: openssl rand -base64 32", ex);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    AuthSessionManager agentAuthSessionManager(AuthSessionStore store, @AgentSessionClock ObjectProvider<Clock> clock,
            AgentSessionProperties properties, ObjectProvider<SessionObservations> observations,
            ObjectProvider<SessionStore> sessionStore) {
        // An AuthSessionStore does not name its type; the session store of the same backend does.
        SessionStore sessions = sessionStore.getIfUnique();
        String storeType = (sessions != null) ? sessions.type() : "custom";
        return new DefaultAuthSessionManager(store, clock(clock), properties.getAuth().getPendingTtl(),
                observations.getIfAvailable(() -> SessionObservations.NOOP), storeType);
    }

    /**
     * The privacy operations, on a store that finds one user's data across apps (every built-in one does). A
     * {@link UserThreads} bean of the application says which auth threads belong to a user; by default they are the
     * ids of the user's sessions.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(UserDataStore.class)
    UserDataManager agentUserDataManager(SessionStore store, UserDataStore users, ObjectProvider<AuthSessionStore> auth,
            ObjectProvider<UserThreads> threads, @AgentSessionClock ObjectProvider<Clock> clock, SessionCodec codec,
            ObjectProvider<SessionObservations> observations) {
        return new DefaultUserDataManager(store, users, auth.getIfUnique(),
                threads.getIfAvailable(UserThreads::sessionIds), clock(clock), codec,
                observations.getIfAvailable(() -> SessionObservations.NOOP));
    }

    @Bean
    @ConditionalOnMissingBean
    ConversationRefResolver agentSessionConversationRefResolver(AgentSessionConversationProperties properties,
            Environment environment) {
        // Published here rather than by each adapter: with Spring AI and LangChain4j both present, a default of
        // each would leave one of them silently unused.
        try {
            return ConversationRefResolver.perConversationUser(properties.getTenant(),
                    properties.determineApp(environment));
        }
        catch (IllegalArgumentException ex) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.conversation",
                    "Set agent.session.conversation.tenant and agent.session.conversation.app (or "
                            + "spring.application.name) to 1 to 256 characters without control characters.",
                    ex);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    SessionManager agentSessionManager(SessionStore store, WaitStore waits,
            @AgentSessionIdGenerator ObjectProvider<SessionIdGenerator> idGenerator,
            @AgentSessionClock ObjectProvider<Clock> clock, SessionCodec codec, SessionSettings settings,
            ApplicationEventPublisher publisher, ObjectProvider<SessionObservations> observations,
            CompactionSettings compaction) {
        Clock time = clock(clock);
        return new DefaultSessionManager(store, waits,
                idGenerator.getIfAvailable(() -> new TimeOrderedSessionIdGenerator(time)), time, codec, settings,
                new ApplicationEventLifecycleListener(publisher),
                observations.getIfAvailable(() -> SessionObservations.NOOP), compaction);
    }
}
