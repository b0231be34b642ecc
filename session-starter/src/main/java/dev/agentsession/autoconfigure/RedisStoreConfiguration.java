package dev.agentsession.autoconfigure;

import java.util.List;
import java.util.function.Supplier;

import dev.agentsession.auth.AuthContextCipher;
import dev.agentsession.redis.RedisAuthSessionStore;
import dev.agentsession.redis.RedisSessionStore;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The Redis store on the application's {@link RedisConnectionFactory} (standalone or Cluster): chosen by
 * {@code agent.session.store-type=redis}, or whenever a RedisConnectionFactory bean exists.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisConnectionFactory.class)
@Conditional(StoreTypeCondition.Redis.class)
class RedisStoreConfiguration {

    private static final Log logger = LogFactory.getLog(RedisStoreConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(SessionStore.class)
    RedisSessionStore agentSessionStore(ObjectProvider<RedisConnectionFactory> connectionFactory, SessionCodec codec,
            AgentSessionProperties properties) {
        String namespace = properties.getRedis().getNamespace();
        RedisConnectionFactory factory = requireConnectionFactory(connectionFactory);
        RedisSessionStore store = create(() -> new RedisSessionStore(factory, codec, namespace));
        StoreChoice.log(properties, StoreType.REDIS, "namespace " + namespace);
        List<String> advice = RedisClusterSettingsCheck.advice(factory);
        if (!advice.isEmpty()) {
            logger.warn("Agent Session runs on a Redis Cluster whose client settings stall every call for up to a "
                    + "minute when a master fails: " + String.join("; ", advice) + ".");
        }
        return store;
    }

    @Bean
    @ConditionalOnMissingBean(AuthSessionStore.class)
    RedisAuthSessionStore agentAuthSessionStore(ObjectProvider<RedisConnectionFactory> connectionFactory,
            SessionCodec codec, ObjectProvider<AuthContextCipher> cipher, AgentSessionProperties properties) {
        AuthContextCipher configured = cipher.getIfAvailable();
        if (configured == null) {
            logger.warn("Agent Session auth sessions are stored encrypted and no key is configured: storing "
                    + "credentials will fail until you " + AuthContextCipher.KEY_HELP);
        }
        return create(() -> new RedisAuthSessionStore(requireConnectionFactory(connectionFactory), codec,
                properties.getRedis().getNamespace(), configured));
    }

    private static <T> T create(Supplier<T> store) {
        try {
            return store.get();
        }
        catch (IllegalArgumentException ex) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.redis.namespace",
                    "Set agent.session.redis.namespace to a key prefix without '{', '}', whitespace or control "
                            + "characters (default agent:session).",
                    ex);
        }
    }

    private static RedisConnectionFactory requireConnectionFactory(
            ObjectProvider<RedisConnectionFactory> connectionFactory) {
        RedisConnectionFactory available = connectionFactory.getIfUnique();
        if (available == null) {
            throw AgentSessionConfigurationException.missingInfrastructure(StoreType.REDIS,
                    "a single RedisConnectionFactory bean",
                    "Add spring-boot-starter-data-redis and set spring.data.redis.host (or "
                            + "spring.data.redis.cluster.nodes), or choose another agent.session.store-type.");
        }
        return available;
    }
}
