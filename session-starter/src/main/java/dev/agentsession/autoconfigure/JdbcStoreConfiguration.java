package dev.agentsession.autoconfigure;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

import javax.sql.DataSource;

import dev.agentsession.auth.AuthContextCipher;
import dev.agentsession.jdbc.JdbcAuthSessionStore;
import dev.agentsession.jdbc.JdbcDialect;
import dev.agentsession.jdbc.JdbcSchemaInitializer;
import dev.agentsession.jdbc.JdbcSessionStore;
import dev.agentsession.jdbc.JdbcStoreSettings;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.support.CronExpression;

/**
 * The JDBC store on the application's {@link DataSource}: chosen by {@code agent.session.store-type=jdbc}, or
 * when a DataSource exists and Redis does not. Schema initialization runs before the stores are created.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbcTemplate.class)
@Conditional(StoreTypeCondition.Jdbc.class)
class JdbcStoreConfiguration {

    private static final Log logger = LogFactory.getLog(JdbcStoreConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    JdbcStoreSettings agentSessionJdbcSettings(AgentSessionProperties properties) {
        AgentSessionProperties.Jdbc jdbc = properties.getJdbc();
        JdbcStoreSettings settings;
        try {
            settings = JdbcStoreSettings.defaults().withTablePrefix(jdbc.getTablePrefix());
        }
        catch (IllegalArgumentException ex) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.jdbc.table-prefix",
                    "Set agent.session.jdbc.table-prefix to a plain SQL identifier: a letter or underscore, then up "
                            + "to 30 letters, digits or underscores (default AGENT_).",
                    ex);
        }
        String platform = jdbc.getPlatform();
        if (platform == null) {
            return settings;
        }
        try {
            return settings.withDialect(JdbcDialect.named(platform));
        }
        catch (IllegalArgumentException ex) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.jdbc.platform",
                    "Set agent.session.jdbc.platform to one of h2, sqlite, postgresql, mysql (MariaDB uses mysql), "
                            + "or remove it to detect the platform from the connection.",
                    ex);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    JdbcSchemaInitializer agentSessionJdbcSchemaInitializer(ObjectProvider<DataSource> dataSource,
            JdbcStoreSettings settings, AgentSessionProperties properties, Environment environment) {
        requireSqliteFolder(environment.getProperty("spring.datasource.url"));
        JdbcSchemaInitializer initializer = new JdbcSchemaInitializer(requireDataSource(dataSource), settings);
        initializer.initialize(properties.getJdbc().getInitializeSchema());
        return initializer;
    }

    @Bean
    @ConditionalOnMissingBean(SessionStore.class)
    JdbcSessionStore agentSessionStore(ObjectProvider<DataSource> dataSource, JdbcStoreSettings settings,
            SessionCodec codec, JdbcSchemaInitializer initializer, AgentSessionProperties properties) {
        StoreChoice.log(properties, StoreType.JDBC, "table prefix " + settings.tablePrefix() + ", schema initialization "
                + properties.getJdbc().getInitializeSchema().name().toLowerCase(Locale.ROOT));
        return new JdbcSessionStore(requireDataSource(dataSource), settings, codec);
    }

    @Bean
    @ConditionalOnMissingBean(AuthSessionStore.class)
    JdbcAuthSessionStore agentAuthSessionStore(ObjectProvider<DataSource> dataSource, JdbcStoreSettings settings,
            SessionCodec codec, ObjectProvider<AuthContextCipher> cipher, JdbcSchemaInitializer initializer) {
        AuthContextCipher configured = cipher.getIfAvailable();
        if (configured == null) {
            logger.warn("Agent Session auth sessions are stored encrypted and no key is configured: storing "
                    + "credentials will fail until you " + AuthContextCipher.KEY_HELP);
        }
        return new JdbcAuthSessionStore(requireDataSource(dataSource), settings, codec, configured);
    }

    @Bean
    @ConditionalOnMissingBean
    JdbcExpiryCleanup agentSessionJdbcExpiryCleanup(ObjectProvider<JdbcSessionStore> sessions,
            ObjectProvider<JdbcAuthSessionStore> auth, @AgentSessionClock ObjectProvider<Clock> clock,
            AgentSessionProperties properties) {
        AgentSessionProperties.Jdbc jdbc = properties.getJdbc();
        String cron = jdbc.getCleanupCron();
        if (!JdbcExpiryCleanup.DISABLED.equals(cron) && !CronExpression.isValidExpression(cron)) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.jdbc.cleanup-cron",
                    "Set agent.session.jdbc.cleanup-cron to a Spring cron expression with six fields "
                            + "(second minute hour day month weekday), e.g. \"0 * * * * *\", or \"-\" to disable cleanup.",
                    new IllegalArgumentException("'" + cron + "' is not a cron expression"));
        }
        if (jdbc.getCleanupBatchSize() < 1) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.jdbc.cleanup-batch-size",
                    "Set agent.session.jdbc.cleanup-batch-size to a positive number of sessions.",
                    new IllegalArgumentException("must be positive, was " + jdbc.getCleanupBatchSize()));
        }
        return new JdbcExpiryCleanup(sessions.getIfAvailable(), auth.getIfAvailable(),
                AgentSessionAutoConfiguration.clock(clock), cron,
                jdbc.getCleanupBatchSize());
    }

    private static void requireSqliteFolder(@Nullable String url) {
        Path folder = SqliteDatabaseFolder.missing(url);
        if (folder != null) {
            throw AgentSessionConfigurationException.invalidProperty("spring.datasource.url",
                    "Create the folder " + folder + " (SQLite creates the database file but not its folder), or "
                            + "point spring.datasource.url at a file in an existing folder.",
                    new IllegalArgumentException("the folder of the SQLite database " + url + " does not exist"));
        }
    }

    private static DataSource requireDataSource(ObjectProvider<DataSource> dataSource) {
        DataSource available = dataSource.getIfUnique();
        if (available == null) {
            throw AgentSessionConfigurationException.missingInfrastructure(StoreType.JDBC, "a single DataSource bean",
                    "Add spring-boot-starter-jdbc and a JDBC driver and set spring.datasource.url (or define one "
                            + "DataSource bean), or choose another agent.session.store-type.");
        }
        return available;
    }
}
