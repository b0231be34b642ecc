package dev.agentsession.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.CreateCommand;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A store call inside a caller's transaction: a retried deadlock runs again in a new transaction of the store's,
 * never in the caller's, and a call needs exactly one pool connection besides the caller's. On H2.
 */
class JdbcCallerTransactionTests {

    private final JdbcStoreSettings settings = new JdbcStoreSettings(JdbcTestDatabase.randomPrefix(), null);

    private final Instant now = Instant.now();

    private HikariDataSource pool;

    @AfterEach
    void closePool() {
        if (this.pool != null) {
            this.pool.close();
        }
    }

    private HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:agent-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(250);
        this.pool = new HikariDataSource(config);
        new JdbcSchemaInitializer(this.pool, this.settings).createSchema();
        return this.pool;
    }

    private CreateCommand create() {
        return new CreateCommand(SessionRef.of("app", "alice", "s-" + UUID.randomUUID()), Map.of(),
                StateChanges.none(), this.now, null);
    }

    @Test
    void createWhenFirstAttemptDeadlocksInsideCallerTransactionThenRetriedOnConnectionsOfItsOwn() {
        List<Connection> attempts = new CopyOnWriteArrayList<>();
        DataSource dataSource = deadlockingFirstSessionInsert(pool(3), attempts);
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        JdbcSessionStore store = new JdbcSessionStore(dataSource, transactionManager, this.settings,
                new SessionCodec());
        CreateCommand command = create();

        TransactionTemplate caller = new TransactionTemplate(transactionManager);
        boolean callerRollbackOnly = Boolean.TRUE.equals(caller.execute((status) -> {
            Connection callers = DataSourceUtils.getConnection(dataSource);
            store.create(command);
            assertThat(attempts).hasSize(2).doesNotContain(callers);
            assertThat(attempts.get(0)).isNotSameAs(attempts.get(1));
            return status.isRollbackOnly();
        }));

        assertThat(callerRollbackOnly).isFalse();
        assertThat(store.find(command.ref(), EventWindow.none(), this.now)).isPresent();
    }

    @Test
    void createAndFindWhenCallerTransactionHoldsOneOfTwoConnectionsThenBothSucceed() {
        HikariDataSource dataSource = pool(2);
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        JdbcSessionStore store = new JdbcSessionStore(dataSource, transactionManager, this.settings,
                new SessionCodec());
        CreateCommand command = create();

        boolean found = Boolean.TRUE.equals(new TransactionTemplate(transactionManager).execute((status) -> {
            DataSourceUtils.getConnection(dataSource);
            store.create(command);
            return store.find(command.ref(), EventWindow.all(), this.now).isPresent();
        }));

        assertThat(found).isTrue();
    }

    @Test
    void createWhenCallerTransactionHoldsTheOnlyConnectionThenUnavailableSayingThePoolIsTooSmall() {
        HikariDataSource dataSource = pool(1);
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        JdbcSessionStore store = new JdbcSessionStore(dataSource, transactionManager, this.settings,
                new SessionCodec());

        new TransactionTemplate(transactionManager).executeWithoutResult((status) -> {
            DataSourceUtils.getConnection(dataSource);
            assertThatExceptionOfType(SessionStoreUnavailableException.class).isThrownBy(() -> store.create(create()))
                .withMessageContaining("REQUIRES_NEW")
                .withMessageContaining("make the pool larger than the number of threads");
        });
    }

    /**
     * A data source whose first insert into the sessions table fails as a deadlock victim would, recording the
     * connection of every attempt to insert.
     */
    private DataSource deadlockingFirstSessionInsert(DataSource target, List<Connection> attempts) {
        String insert = "INSERT INTO " + this.settings.sessionsTable();
        AtomicBoolean failed = new AtomicBoolean();
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
                            (wrapped, call, callArgs) -> {
                                if (call.getName().equals("prepareStatement")
                                        && ((String) callArgs[0]).contains(insert)) {
                                    attempts.add((Connection) wrapped);
                                    if (failed.compareAndSet(false, true)) {
                                        throw new SQLException("Deadlock found when trying to get lock", "40001");
                                    }
                                }
                                return invoke(connection, call, callArgs);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause();
        }
    }
}
