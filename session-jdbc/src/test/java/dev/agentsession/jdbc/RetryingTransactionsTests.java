package dev.agentsession.jdbc;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A write runs in a transaction of its own and runs again only when the database aborted it to resolve a race.
 */
class RetryingTransactionsTests {

    private final CountingTransactionManager transactionManager = new CountingTransactionManager();

    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void writeWhenFirstAttemptLosesADeadlockThenRunsAgainInANewTransactionAndReturnsItsResult() {
        RetryingTransactions transactions = RetryingTransactions.onLockConflicts(this.transactionManager);

        String result = transactions.write("append to a session", () -> {
            if (this.attempts.incrementAndGet() == 1) {
                throw new PessimisticLockingFailureException("Deadlock found when trying to get lock");
            }
            return "appended";
        });

        assertThat(result).isEqualTo("appended");
        assertThat(this.attempts).hasValue(2);
        assertThat(this.transactionManager.rollbacks).hasValue(1);
        assertThat(this.transactionManager.commits).hasValue(1);
    }

    @Test
    void writeWhenSqlStateSaysSerializationFailureThenRetried() {
        RetryingTransactions transactions = RetryingTransactions.onLockConflicts(this.transactionManager);

        int result = transactions.write("claim a wait", () -> {
            if (this.attempts.incrementAndGet() < RetryingTransactions.SESSION_ATTEMPTS) {
                throw new UncategorizedSQLException("claim", "DELETE",
                        new SQLException("could not serialize access", "40001"));
            }
            return 1;
        });

        assertThat(result).isEqualTo(1);
        assertThat(this.attempts).hasValue(RetryingTransactions.SESSION_ATTEMPTS);
    }

    @Test
    void writeWhenLockConflictPersistsThenUnavailableAfterTheLastAttemptWithTheCause() {
        RetryingTransactions transactions = RetryingTransactions.onLockConflicts(this.transactionManager);
        CannotAcquireLockException busy = new CannotAcquireLockException("[SQLITE_BUSY] database is locked");

        assertThatExceptionOfType(SessionStoreUnavailableException.class)
            .isThrownBy(() -> transactions.write("delete expired sessions", () -> {
                this.attempts.incrementAndGet();
                throw busy;
            }))
            .withMessageContaining("delete expired sessions")
            .withCause(busy);
        assertThat(this.attempts).hasValue(RetryingTransactions.SESSION_ATTEMPTS);
        assertThat(this.transactionManager.rollbacks).hasValue(RetryingTransactions.SESSION_ATTEMPTS);
    }

    @Test
    void writeWhenBackendFailureIsNotARaceThenUnavailableWithoutRetry() {
        RetryingTransactions transactions = RetryingTransactions.onLockConflicts(this.transactionManager);
        DataAccessResourceFailureException down = new DataAccessResourceFailureException("Connection refused");

        assertThatExceptionOfType(SessionStoreUnavailableException.class)
            .isThrownBy(() -> transactions.write("create a session", () -> {
                this.attempts.incrementAndGet();
                throw down;
            }))
            .withMessageContaining("create a session")
            .withCause(down);
        assertThat(this.attempts).hasValue(1);
    }

    @Test
    void writeWhenUniqueKeyRaceAndOnlyLockConflictsRetriedThenUnavailableWithoutRetry() {
        RetryingTransactions transactions = RetryingTransactions.onLockConflicts(this.transactionManager);

        assertThatExceptionOfType(SessionStoreUnavailableException.class)
            .isThrownBy(() -> transactions.write("store an auth session", () -> {
                this.attempts.incrementAndGet();
                throw new DuplicateKeyException("duplicate key");
            }));
        assertThat(this.attempts).hasValue(1);
    }

    @Test
    void writeWhenPredicateAcceptsUniqueKeyRaceThenRetried() {
        RetryingTransactions transactions = new RetryingTransactions(this.transactionManager,
                RetryingTransactions.AUTH_ATTEMPTS, (failure) -> failure instanceof DuplicateKeyException);

        String result = transactions.write("store an auth session", () -> {
            if (this.attempts.incrementAndGet() == 1) {
                throw new DuplicateKeyException("duplicate key");
            }
            return "stored";
        });

        assertThat(result).isEqualTo("stored");
        assertThat(this.attempts).hasValue(2);
    }

    @Test
    void writeWhenStoreExceptionThenPassesUnchangedWithoutRetry() {
        RetryingTransactions transactions = RetryingTransactions.onLockConflicts(this.transactionManager);
        SessionNotFoundException notFound = new SessionNotFoundException(SessionRef.of("app", "alice", "s1"));

        assertThatExceptionOfType(SessionNotFoundException.class)
            .isThrownBy(() -> transactions.write("append to a session", () -> {
                this.attempts.incrementAndGet();
                throw notFound;
            }))
            .isSameAs(notFound);
        assertThat(this.attempts).hasValue(1);
        assertThat(this.transactionManager.rollbacks).hasValue(1);
    }

    /**
     * Counts the transactions that commit and roll back.
     */
    private static final class CountingTransactionManager extends AbstractPlatformTransactionManager {

        private final AtomicInteger commits = new AtomicInteger();

        private final AtomicInteger rollbacks = new AtomicInteger();

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            this.commits.incrementAndGet();
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            this.rollbacks.incrementAndGet();
        }

        @Override
        protected boolean isExistingTransaction(Object transaction) {
            return false;
        }
    }
}
