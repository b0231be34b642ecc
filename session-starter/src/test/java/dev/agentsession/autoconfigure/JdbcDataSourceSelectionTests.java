package dev.agentsession.autoconfigure;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.auth.AuthSessionManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which DataSource and transaction manager the JDBC store runs on: the {@code @AgentSessionDataSource} /
 * {@code @AgentSessionTransactionManager} ones when the application declares them, else the single or primary
 * ones, never a transaction manager of another DataSource.
 */
class JdbcDataSourceSelectionTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AgentSessionAutoConfiguration.class))
        .withPropertyValues("agent.session.jdbc.cleanup-cron=-");

    static DataSource h2() {
        return new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    private static boolean hasSessionsTable(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForObject(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'AGENT_SESSIONS'",
                Integer.class) > 0;
    }

    @Test
    void storeWhenTwoDataSourcesAndOneIsQualifiedThenTheStoreKeepsItsTablesInTheQualifiedOne() {
        this.runner.withUserConfiguration(TwoDataSources.class).run((context) -> {
            assertThat(context).hasNotFailed();
            context.getBean(SessionManager.class).create(NewSession.forUser("app", "ada"));
            TwoDataSources sources = context.getBean(TwoDataSources.class);
            assertThat(hasSessionsTable(sources.sessions)).isTrue();
            assertThat(hasSessionsTable(sources.application)).isFalse();
            assertThat(new JdbcTemplate(sources.sessions).queryForObject("SELECT COUNT(*) FROM AGENT_SESSIONS",
                    Integer.class)).isOne();
            // The application's transaction manager belongs to the other DataSource: the store never uses it.
            assertThat(sources.applicationTransactions).hasValue(0);
        });
    }

    @Test
    void storeWhenTwoDataSourcesAndNeitherQualifiedNorPrimaryThenFailureAnalysisNamesTheQualifier() {
        this.runner.withBean("one", DataSource.class, JdbcDataSourceSelectionTests::h2)
            .withBean("two", DataSource.class, JdbcDataSourceSelectionTests::h2)
            .withPropertyValues("agent.session.store-type=jdbc")
            .run((context) -> {
                FailureAnalysis analysis = AgentSessionAutoConfigurationTests.analyze(context.getStartupFailure());
                assertThat(analysis.getAction()).contains("@AgentSessionDataSource");
            });
    }

    @Test
    void storeWhenTransactionManagerIsQualifiedThenEveryOperationRunsInANewTransactionOfIt() {
        this.runner.withUserConfiguration(QualifiedTransactionManager.class).run((context) -> {
            QualifiedTransactionManager configuration = context.getBean(QualifiedTransactionManager.class);
            int before = configuration.sessionTransactions.get();
            context.getBean(SessionManager.class).create(NewSession.forUser("app", "ada"));
            context.getBean(AuthSessionManager.class).listForThread("t", "thread-1", null);
            assertThat(configuration.sessionTransactions.get() - before).isGreaterThanOrEqualTo(2);
            assertThat(configuration.requiresNew).isTrue();
            assertThat(configuration.applicationTransactions).hasValue(0);
        });
    }

    @Test
    void storeWhenOneDataSourceAndTheApplicationsTransactionManagerThenUsesIt() {
        DataSource dataSource = h2();
        AtomicInteger transactions = new AtomicInteger();
        this.runner.withBean(DataSource.class, () -> dataSource)
            .withBean(PlatformTransactionManager.class, () -> new CountingTransactionManager(dataSource, transactions))
            .run((context) -> {
                context.getBean(SessionManager.class).create(NewSession.forUser("app", "ada"));
                assertThat(transactions).hasPositiveValue();
            });
    }

    @Test
    void storeWhenTheApplicationsOnlyTransactionManagerManagesAnotherDataSourceThenTransactionsOfItsOwn() {
        DataSource dataSource = h2();
        AtomicInteger transactions = new AtomicInteger();
        this.runner.withBean(DataSource.class, () -> dataSource)
            .withBean(PlatformTransactionManager.class, () -> new CountingTransactionManager(h2(), transactions))
            .run((context) -> {
                context.getBean(SessionManager.class).create(NewSession.forUser("app", "ada"));
                assertThat(transactions).hasValue(0);
                assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM AGENT_SESSIONS",
                        Integer.class)).isOne();
            });
    }

    /**
     * The application's primary DataSource with its transaction manager, and a qualified one for the sessions.
     */
    @Configuration(proxyBeanMethods = false)
    static class TwoDataSources {

        final DataSource application = h2();

        final DataSource sessions = h2();

        final AtomicInteger applicationTransactions = new AtomicInteger();

        @Bean
        @Primary
        DataSource applicationDataSource() {
            return this.application;
        }

        @Bean
        @AgentSessionDataSource
        DataSource sessionDataSource() {
            return this.sessions;
        }

        @Bean
        PlatformTransactionManager applicationTransactionManager() {
            return new CountingTransactionManager(this.application, this.applicationTransactions);
        }

    }

    /**
     * One DataSource, the application's transaction manager, and a qualified one for the sessions that records
     * the propagation it is asked for.
     */
    @Configuration(proxyBeanMethods = false)
    static class QualifiedTransactionManager {

        final DataSource dataSource = h2();

        final AtomicInteger applicationTransactions = new AtomicInteger();

        final AtomicInteger sessionTransactions = new AtomicInteger();

        volatile boolean requiresNew = true;

        @Bean
        DataSource dataSource() {
            return this.dataSource;
        }

        @Bean
        @Primary
        PlatformTransactionManager applicationTransactionManager() {
            return new CountingTransactionManager(this.dataSource, this.applicationTransactions);
        }

        @Bean
        @AgentSessionTransactionManager
        PlatformTransactionManager sessionTransactionManager() {
            return new CountingTransactionManager(this.dataSource, this.sessionTransactions) {

                @Override
                protected void doBegin(Object transaction, TransactionDefinition definition) {
                    if (definition.getPropagationBehavior() != TransactionDefinition.PROPAGATION_REQUIRES_NEW) {
                        QualifiedTransactionManager.this.requiresNew = false;
                    }
                    super.doBegin(transaction, definition);
                }
            };
        }

    }

    /**
     * A DataSource transaction manager that counts the transactions it begins.
     */
    static class CountingTransactionManager extends DataSourceTransactionManager {

        private final AtomicInteger begun;

        CountingTransactionManager(DataSource dataSource, AtomicInteger begun) {
            super(dataSource);
            this.begun = begun;
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
            this.begun.incrementAndGet();
            super.doBegin(transaction, definition);
        }

    }
}
