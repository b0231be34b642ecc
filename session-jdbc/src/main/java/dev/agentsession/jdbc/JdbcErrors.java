package dev.agentsession.jdbc;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.Supplier;

import dev.agentsession.SessionStoreUnavailableException;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionException;

/**
 * Turns spring-jdbc and transaction failures into the store's exceptions.
 */
final class JdbcErrors {

    private JdbcErrors() {
    }

    /**
     * Runs a backend call; a data access or transaction failure becomes a
     * {@link SessionStoreUnavailableException} with the cause attached. The store's own exceptions pass.
     */
    static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        }
        catch (DataAccessException | TransactionException ex) {
            throw failure(operation, ex);
        }
    }

    /**
     * What a backend failure is to the caller: bad input ({@link IllegalArgumentException}) when the database
     * refused the data itself (SQL state class 22, a data exception such as a value too long or an encoding it
     * cannot store), else a {@link SessionStoreUnavailableException}.
     */
    static RuntimeException failure(String operation, Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                // The driver's message may quote the value: only the state and code are kept.
                SQLException bare = new SQLException("SQL state " + sql.getSQLState() + ", error code "
                        + sql.getErrorCode(), sql.getSQLState(), sql.getErrorCode());
                bare.setStackTrace(sql.getStackTrace());
                return new IllegalArgumentException("The database refused the data of " + operation
                        + " as invalid (SQL state " + sql.getSQLState() + ")", bare);
            }
        }
        return unavailable(operation, ex);
    }

    static SessionStoreUnavailableException unavailable(String operation, Throwable ex) {
        return new SessionStoreUnavailableException("JDBC session store failed to " + operation + ": "
                + ex.getMessage(), ex);
    }

    /**
     * Whether a failed write was refused by a unique key. Not every driver's errors are translated to
     * {@link org.springframework.dao.DuplicateKeyException} (SQLite's are not), so the SQL state (class 23)
     * and SQLite's constraint code are checked too.
     */
    static boolean isUniqueViolation(DataAccessException ex) {
        if (ex instanceof DataIntegrityViolationException) {
            return true;
        }
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                String message = String.valueOf(sql.getMessage()).toUpperCase(Locale.ROOT);
                if ((state != null && state.startsWith("23")) || message.contains("SQLITE_CONSTRAINT")
                        || message.contains("UNIQUE CONSTRAINT")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a transaction lost a lock conflict (deadlock, lock wait timeout, SQLite busy) and can be retried
     * as a whole.
     */
    static boolean isRetryable(Throwable ex) {
        if (ex instanceof PessimisticLockingFailureException) {
            return true;
        }
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String message = String.valueOf(sql.getMessage()).toUpperCase(Locale.ROOT);
                if (message.contains("SQLITE_BUSY") || message.contains("DEADLOCK")
                        || "40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs a batch statement whose parameters hold conversation content (event JSON, state values). A driver may
     * put the statement with its parameters in the batch exception's message (PostgreSQL does: "Batch entry 0
     * INSERT ... VALUES (...)"), which the exception chain would carry into logs; a failure is replaced by one of
     * the same kind (lock conflict, integrity violation, other) whose chain holds only the SQL state and error
     * code.
     * @param task what the batch does, for the message
     * @param batch the batch
     */
    static void batch(String task, Runnable batch) {
        try {
            batch.run();
        }
        catch (DataAccessException ex) {
            throw withoutParameters(task, ex);
        }
    }

    static DataAccessException withoutParameters(String task, DataAccessException ex) {
        SQLException first = null;
        boolean batch = false;
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            batch |= cause instanceof BatchUpdateException;
            if (first == null && cause instanceof SQLException sql) {
                first = sql;
            }
        }
        if (!batch || first == null) {
            return ex;
        }
        SQLException bare = new SQLException(first.getClass().getSimpleName() + " (SQL state " + first.getSQLState()
                + ", error code " + first.getErrorCode() + "); the statement and its parameters are left out",
                first.getSQLState(), first.getErrorCode());
        bare.setStackTrace(first.getStackTrace());
        String message = task + " failed";
        DataAccessException replacement;
        if (isRetryable(ex)) {
            replacement = new CannotAcquireLockException(message, bare);
        }
        else if (isUniqueViolation(ex)) {
            replacement = new DuplicateKeyException(message, bare);
        }
        else {
            replacement = new UncategorizedSQLException(task, null, bare);
        }
        replacement.setStackTrace(ex.getStackTrace());
        return replacement;
    }
}
