package dev.agentsession.jdbc;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.agentsession.SessionStoreUnavailableException;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a store's operations, each in a transaction of its own, and runs a write again as a whole when it lost a
 * race the database resolves by aborting one side (a deadlock, a serialization failure, a lock wait or SQLite
 * busy, as {@link JdbcErrors#isRetryable(Throwable)} decides), after an exponential backoff with jitter so that
 * the losers of one conflict do not meet again at once. A data access or transaction failure that is not retried,
 * or still fails after the last attempt, becomes a {@link SessionStoreUnavailableException} with the cause
 * attached, or an {@link IllegalArgumentException} when the database refused the data itself
 * ({@link JdbcErrors#failure(String, Throwable)}); the store's own exceptions pass unchanged and are never
 * retried.
 *
 * <p>Every transaction, reads included, is {@link TransactionDefinition#PROPAGATION_REQUIRES_NEW REQUIRES_NEW}
 * (as in Spring Session JDBC): a store call inside an application transaction suspends it and runs on a connection
 * of its own, so what the store writes is committed when the call returns whatever the caller's transaction does
 * later, a retry never re-runs inside a transaction the store does not own, and a read never sees the caller's
 * snapshot. Such a call holds two pool connections at once, the caller's and its own (never more): the pool must
 * be larger than the number of threads that call the store inside a transaction, or they can all wait for a
 * connection that only they can free; the pool's connection timeout then ends the wait with a
 * {@link SessionStoreUnavailableException} that says so.
 *
 * <p>A read that needs no common snapshot of several statements ({@link #readWithoutTransaction(String, Supplier)}:
 * one statement, which sees one snapshot on every supported database, or one followed by reads of rows that are never
 * rewritten) needs no transaction of its own. It runs with the caller's transaction suspended
 * ({@link TransactionDefinition#PROPAGATION_NOT_SUPPORTED NOT_SUPPORTED}) on an auto-commit connection, so it still
 * never sees the caller's snapshot, and it saves the round trips of beginning and committing (on MySQL and MariaDB,
 * switching auto-commit off and on again is two more).
 */
final class RetryingTransactions {

    /** Attempts of a session store write, the first one included. */
    static final int SESSION_ATTEMPTS = 3;

    /** Attempts of an auth session store write, which can also lose a unique-key race. */
    static final int AUTH_ATTEMPTS = 5;

    private static final Duration FIRST_DELAY = Duration.ofMillis(5);

    private static final Duration JITTER = Duration.ofMillis(5);

    private static final Duration MAX_DELAY = Duration.ofMillis(100);

    private final TransactionTemplate transactions;

    private final TransactionTemplate outsideTransactions;

    private final RetryTemplate retries;

    /**
     * Creates a runner that retries what {@code retryable} accepts among data access and transaction failures.
     * @param transactionManager the transaction manager of the store's data source; each transaction is a new one
     * @param maxAttempts the most times one write runs, the first attempt included
     * @param retryable which failures the database resolved by aborting this transaction, so that running it
     * again can succeed
     */
    RetryingTransactions(PlatformTransactionManager transactionManager, int maxAttempts,
            Predicate<Throwable> retryable) {
        Objects.requireNonNull(transactionManager, "transactionManager must not be null");
        Objects.requireNonNull(retryable, "retryable must not be null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.outsideTransactions = new TransactionTemplate(transactionManager);
        this.outsideTransactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        this.retries = new RetryTemplate(RetryPolicy.builder()
            .maxRetries(maxAttempts - 1L)
            .delay(FIRST_DELAY)
            .jitter(JITTER)
            .multiplier(2)
            .maxDelay(MAX_DELAY)
            .predicate((failure) -> isBackendFailure(failure) && retryable.test(failure))
            .build());
    }

    /**
     * A runner that retries lock conflicts only, {@link #SESSION_ATTEMPTS} attempts at most.
     * @param transactionManager the transaction manager of the store's data source
     * @return the runner
     */
    static RetryingTransactions onLockConflicts(PlatformTransactionManager transactionManager) {
        return new RetryingTransactions(transactionManager, SESSION_ATTEMPTS, JdbcErrors::isRetryable);
    }

    /**
     * Runs {@code work} in a new transaction, again in another new one for each retried failure.
     * @param operation what the work does, for the failure message ("append to a session")
     * @param work the transaction's work; it must not return {@code null}
     * @param <T> the result type
     * @return the result of the attempt that committed
     * @throws SessionStoreUnavailableException if the backend failed
     * @throws IllegalArgumentException if the database refused the data as invalid
     */
    <T> T write(String operation, Supplier<T> work) {
        try {
            return this.retries.execute(new Retryable<T>() {

                @Override
                public T execute() {
                    T result = RetryingTransactions.this.transactions.execute((status) -> work.get());
                    return Objects.requireNonNull(result, () -> operation + " returned null");
                }

                @Override
                public String getName() {
                    return operation;
                }
            });
        }
        catch (RetryException ex) {
            Throwable last = ex.getCause();
            if (isBackendFailure(last)) {
                throw failure(operation, last);
            }
            if (last instanceof RuntimeException store) {
                throw store;
            }
            if (last instanceof Error error) {
                throw error;
            }
            // Interrupted while backing off: the template has restored the thread's interrupt flag.
            throw JdbcErrors.unavailable(operation, ex);
        }
    }

    /**
     * Runs {@code work} in a new transaction, once: reads are not retried, since a read loses no race.
     * @param operation what the work does, for the failure message ("read a session")
     * @param work the transaction's work
     * @param <T> the result type
     * @return the work's result
     * @throws SessionStoreUnavailableException if the backend failed
     */
    <T> T read(String operation, Supplier<T> work) {
        try {
            T result = this.transactions.execute((status) -> work.get());
            return Objects.requireNonNull(result, () -> operation + " returned null");
        }
        catch (DataAccessException | TransactionException ex) {
            throw failure(operation, ex);
        }
    }

    /**
     * Runs a read outside any transaction (the caller's suspended), once: a read of one statement, or of one and then
     * rows that are never rewritten.
     * @param operation what the work does, for the failure message ("read a session")
     * @param work the work
     * @param <T> the result type
     * @return the work's result
     * @throws SessionStoreUnavailableException if the backend failed
     */
    <T> T readWithoutTransaction(String operation, Supplier<T> work) {
        try {
            T result = this.outsideTransactions.execute((status) -> work.get());
            return Objects.requireNonNull(result, () -> operation + " returned null");
        }
        catch (DataAccessException | TransactionException ex) {
            throw failure(operation, ex);
        }
    }

    private static RuntimeException failure(String operation, Throwable failure) {
        if (failure instanceof CannotCreateTransactionException
                && TransactionSynchronizationManager.isActualTransactionActive()) {
            // The caller's transaction holds a connection and ours could not get one: say why a pool can run dry.
            return new SessionStoreUnavailableException("JDBC session store failed to " + operation + ": "
                    + failure.getMessage() + "; the store runs in a transaction of its own (REQUIRES_NEW) and needs a "
                    + "pool connection besides the one the caller's transaction holds: make the pool larger than the "
                    + "number of threads that call the store inside a transaction", failure);
        }
        return JdbcErrors.failure(operation, failure);
    }

    private static boolean isBackendFailure(Throwable failure) {
        return failure instanceof DataAccessException || failure instanceof TransactionException;
    }
}
