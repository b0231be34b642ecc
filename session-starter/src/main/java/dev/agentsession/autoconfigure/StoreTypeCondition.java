package dev.agentsession.autoconfigure;

import java.util.Locale;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches the configuration of one store type: the one {@code agent.session.store-type} names or, when it is
 * unset, the one the application's beans imply (redis if a {@code RedisConnectionFactory} bean exists, else
 * jdbc if a {@code DataSource} exists, else memory). Evaluated when beans are registered, after the
 * DataSource and Redis auto-configurations. Classes are looked up by name, so that a missing optional
 * dependency is never loaded.
 */
abstract class StoreTypeCondition extends SpringBootCondition implements ConfigurationCondition {

    static final String PROPERTY = "agent.session.store-type";

    private static final String REDIS_CONNECTION_FACTORY = "org.springframework.data.redis.connection.RedisConnectionFactory";

    private static final String DATA_SOURCE = "javax.sql.DataSource";

    private final StoreType storeType;

    StoreTypeCondition(StoreType storeType) {
        this.storeType = storeType;
    }

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String name = this.storeType.name().toLowerCase(Locale.ROOT);
        StoreType configured = Binder.get(context.getEnvironment()).bind(PROPERTY, StoreType.class).orElse(null);
        if (configured != null) {
            return (configured == this.storeType) ? ConditionOutcome.match(PROPERTY + " is " + name)
                    : ConditionOutcome.noMatch(PROPERTY + " is " + configured.name().toLowerCase(Locale.ROOT));
        }
        StoreType detected = detect(context);
        return (detected == this.storeType) ? ConditionOutcome.match(PROPERTY + " is unset and " + reason(detected))
                : ConditionOutcome.noMatch(PROPERTY + " is unset and " + reason(detected));
    }

    /**
     * The store type the application's beans imply.
     */
    static StoreType detect(ConditionContext context) {
        if (hasBean(context, REDIS_CONNECTION_FACTORY)) {
            return StoreType.REDIS;
        }
        if (hasBean(context, DATA_SOURCE)) {
            return StoreType.JDBC;
        }
        return StoreType.MEMORY;
    }

    /**
     * Why {@link #detect(ConditionContext)} chose a store type, for the startup log and condition report.
     */
    static String reason(StoreType detected) {
        return switch (detected) {
            case REDIS -> "a RedisConnectionFactory bean exists";
            case JDBC -> "a DataSource bean exists (and no RedisConnectionFactory)";
            case MEMORY -> "neither a RedisConnectionFactory nor a DataSource bean exists";
        };
    }

    private static boolean hasBean(ConditionContext context, String className) {
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        if (beanFactory == null || !ClassUtils.isPresent(className, context.getClassLoader())) {
            return false;
        }
        Class<?> type = ClassUtils.resolveClassName(className, context.getClassLoader());
        return beanFactory.getBeanNamesForType(type, true, false).length > 0;
    }

    /**
     * Matches the memory store.
     */
    static final class Memory extends StoreTypeCondition {

        Memory() {
            super(StoreType.MEMORY);
        }

    }

    /**
     * Matches the JDBC store.
     */
    static final class Jdbc extends StoreTypeCondition {

        Jdbc() {
            super(StoreType.JDBC);
        }

    }

    /**
     * Matches the Redis store.
     */
    static final class Redis extends StoreTypeCondition {

        Redis() {
            super(StoreType.REDIS);
        }

    }
}
