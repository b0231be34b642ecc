package dev.agentsession.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Fails startup with a report saying which dependency to add when {@code agent.session.store-type} names a
 * store whose library is not on the classpath.
 */
@Configuration(proxyBeanMethods = false)
class MissingBackendConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = StoreTypeCondition.PROPERTY, havingValue = "jdbc")
    @ConditionalOnMissingClass("org.springframework.jdbc.core.JdbcTemplate")
    static class MissingJdbc {

        @Bean
        Object agentSessionStoreUnavailable() {
            throw AgentSessionConfigurationException.missingInfrastructure(StoreType.JDBC,
                    "spring-jdbc on the classpath", "Add org.springframework.boot:spring-boot-starter-jdbc and a JDBC "
                            + "driver (for example org.postgresql:postgresql), or choose another agent.session.store-type.");
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = StoreTypeCondition.PROPERTY, havingValue = "redis")
    @ConditionalOnMissingClass("org.springframework.data.redis.connection.RedisConnectionFactory")
    static class MissingRedis {

        @Bean
        Object agentSessionStoreUnavailable() {
            throw AgentSessionConfigurationException.missingInfrastructure(StoreType.REDIS,
                    "spring-data-redis on the classpath", "Add org.springframework.boot:spring-boot-starter-data-redis, "
                            + "or choose another agent.session.store-type.");
        }

    }
}
