package dev.agentsession.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import dev.agentsession.jdbc.JdbcSchema;
import dev.agentsession.jdbc.JdbcStoreSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives Boot's Flyway the store's table prefix ({@code agent.session.jdbc.table-prefix}) as the placeholder the
 * shipped migrations use, {@value JdbcSchema#PREFIX_PLACEHOLDER}, unless {@code spring.flyway.placeholders.*} sets
 * it: Flyway has no default for a placeholder and would refuse the migrations without it. (The Liquibase changelog
 * declares {@code AGENT_} as the parameter's default; Boot's Liquibase takes its parameters only as a whole, so
 * another prefix goes in {@code spring.liquibase.parameters.*}.)
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer")
class JdbcFlywayConfiguration {

    @Bean
    FlywayConfigurationCustomizer agentSessionFlywayTablePrefix(JdbcStoreSettings settings) {
        return (configuration) -> {
            Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
            placeholders.putIfAbsent(JdbcSchema.PREFIX_PLACEHOLDER, settings.tablePrefix());
            configuration.placeholders(placeholders);
        };
    }
}
