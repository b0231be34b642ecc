package dev.agentsession.autoconfigure;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

import javax.sql.DataSource;

import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.auth.AuthContextCipher;
import dev.agentsession.jdbc.JdbcAuthSessionStore;
import dev.agentsession.jdbc.JdbcDialect;
import dev.agentsession.jdbc.JdbcSchema;
import dev.agentsession.jdbc.JdbcSchemaStatus;
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
import org.springframework.boot.sql.autoconfigure.init.OnDatabaseInitializationCondition;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.ResourceTransactionManager;

/**
 * The JDBC store on the application's {@link DataSource}: chosen by {@code agent.session.store-type=jdbc}, or
 * when a DataSource exists and Redis does not. The DataSource and transaction manager are the
 * {@link AgentSessionDataSource @AgentSessionDataSource} / {@link AgentSessionTransactionManager
 * @AgentSessionTransactionManager} ones when the application declares them. The schema is created or migrated
 * by Boot's database initialization ({@link AgentSessionDataSourceScriptDatabaseInitializer}), Flyway or
 * Liquibase, all ordered before the stores, which then check its version.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbcTemplate.class)
@Conditional(StoreTypeCondition.Jdbc.class)
@Import({ DatabaseInitializationDependencyConfigurer.class, JdbcFlywayConfiguration.class })
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
    @ConditionalOnMissingBean(SessionStore.class)
    JdbcSessionStore agentSessionStore(@AgentSessionDataSource ObjectProvider<DataSource> agentSessionDataSource,
            ObjectProvider<DataSource> dataSources,
            @AgentSessionTransactionManager ObjectProvider<PlatformTransactionManager> agentSessionTransactionManager,
            ObjectProvider<PlatformTransactionManager> transactionManagers, JdbcStoreSettings settings,
            SessionCodec codec, AgentSessionProperties properties, Environment environment) {
        DataSource dataSource = dataSource(agentSessionDataSource, dataSources, environment);
        PlatformTransactionManager transactionManager = transactionManager(agentSessionTransactionManager,
                transactionManagers, dataSource, agentSessionDataSource.getIfAvailable() != null);
        String initialization = properties.getJdbc().getInitializeSchema().name().toLowerCase(Locale.ROOT);
        StoreChoice.log(properties, StoreType.JDBC,
                "table prefix " + settings.tablePrefix() + ", schema initialization " + initialization);
        JdbcSessionStore store = new JdbcSessionStore(dataSource, transactionManager, settings, codec);
        requireSchema(store.schema());
        return store;
    }

    @Bean
    @ConditionalOnMissingBean(AuthSessionStore.class)
    JdbcAuthSessionStore agentAuthSessionStore(
            @AgentSessionDataSource ObjectProvider<DataSource> agentSessionDataSource,
            ObjectProvider<DataSource> dataSources,
            @AgentSessionTransactionManager ObjectProvider<PlatformTransactionManager> agentSessionTransactionManager,
            ObjectProvider<PlatformTransactionManager> transactionManagers, JdbcStoreSettings settings,
            SessionCodec codec, ObjectProvider<AuthContextCipher> cipher, Environment environment) {
        AuthContextCipher configured = cipher.getIfAvailable();
        if (configured == null) {
            logger.warn("Agent Session auth sessions are stored encrypted and no key is configured: storing "
                    + "credentials will fail until you " + AuthContextCipher.KEY_HELP);
        }
        DataSource dataSource = dataSource(agentSessionDataSource, dataSources, environment);
        return new JdbcAuthSessionStore(dataSource, transactionManager(agentSessionTransactionManager,
                transactionManagers, dataSource, agentSessionDataSource.getIfAvailable() != null), settings, codec,
                configured);
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

    /**
     * The DataSource of the stores: the {@code @AgentSessionDataSource} one, else the application's single or
     * primary one.
     */
    static DataSource dataSource(ObjectProvider<DataSource> agentSessionDataSource,
            ObjectProvider<DataSource> dataSources, Environment environment) {
        requireSqliteFolder(environment.getProperty("spring.datasource.url"));
        DataSource available = agentSessionDataSource.getIfAvailable(dataSources::getIfUnique);
        if (available == null) {
            throw AgentSessionConfigurationException.missingInfrastructure(StoreType.JDBC,
                    "a DataSource bean (with several, one marked @AgentSessionDataSource or @Primary)",
                    "Add spring-boot-starter-jdbc and a JDBC driver and set spring.datasource.url (or define one "
                            + "DataSource bean); with several DataSources, mark the one for Agent Session with "
                            + "@AgentSessionDataSource; or choose another agent.session.store-type.");
        }
        return available;
    }

    /**
     * The transaction manager of the stores: the {@code @AgentSessionTransactionManager} one; else, on the
     * application's own DataSource, its single or primary transaction manager unless that one manages another
     * DataSource; else a {@link DataSourceTransactionManager} of the store's DataSource, never a bean.
     */
    private static PlatformTransactionManager transactionManager(
            ObjectProvider<PlatformTransactionManager> agentSessionTransactionManager,
            ObjectProvider<PlatformTransactionManager> transactionManagers, DataSource dataSource,
            boolean qualifiedDataSource) {
        PlatformTransactionManager qualified = agentSessionTransactionManager.getIfAvailable();
        if (qualified != null) {
            return qualified;
        }
        PlatformTransactionManager application = qualifiedDataSource ? null : transactionManagers.getIfUnique();
        if (application != null && managesAnotherDataSource(application, dataSource)) {
            application = null;
        }
        return (application != null) ? application : new DataSourceTransactionManager(dataSource);
    }

    private static boolean managesAnotherDataSource(PlatformTransactionManager transactionManager,
            DataSource dataSource) {
        return transactionManager instanceof ResourceTransactionManager resource
                && resource.getResourceFactory() instanceof DataSource managed && managed != dataSource;
    }

    /**
     * Fails startup when the schema is missing or behind, saying what to run or set; a database that does not
     * answer yet is left to the health check, since the store reconnects on its own.
     */
    private static void requireSchema(JdbcSchema schema) {
        JdbcSchemaStatus status;
        try {
            status = schema.status();
        }
        catch (SessionStoreUnavailableException ex) {
            logger.warn("Agent Session could not check the JDBC schema at startup, the health check will: "
                    + ex.getMessage());
            return;
        }
        if (!status.isReady()) {
            throw new AgentSessionConfigurationException(status.description(), status.action(), null);
        }
        if (status.isNewer()) {
            logger.warn(status.description());
        }
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

    /**
     * Boot's script initialization of the store's schema, unless {@code agent.session.jdbc.initialize-schema} is
     * {@code never}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer")
    @Conditional(OnSchemaInitializationCondition.class)
    static class SchemaInitializationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        AgentSessionDataSourceScriptDatabaseInitializer agentSessionDataSourceScriptDatabaseInitializer(
                @AgentSessionDataSource ObjectProvider<DataSource> agentSessionDataSource,
                ObjectProvider<DataSource> dataSources, JdbcStoreSettings settings, AgentSessionProperties properties,
                Environment environment) {
            return new AgentSessionDataSourceScriptDatabaseInitializer(
                    dataSource(agentSessionDataSource, dataSources, environment), settings,
                    properties.getJdbc().getInitializeSchema());
        }

    }

    /**
     * Matches unless {@code agent.session.jdbc.initialize-schema} is {@code never}.
     */
    static class OnSchemaInitializationCondition extends OnDatabaseInitializationCondition {

        OnSchemaInitializationCondition() {
            super("Agent Session JDBC", "agent.session.jdbc.initialize-schema");
        }

    }
}
