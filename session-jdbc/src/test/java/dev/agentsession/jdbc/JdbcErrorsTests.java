package dev.agentsession.jdbc;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import dev.agentsession.SessionStoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How backend failures reach the caller (SPEC 3.5): refused data is bad input, not an outage, and a failed batch
 * carries neither its statement nor its parameters.
 */
class JdbcErrorsTests {

    private static final String CONTENT = "VALUES (1, 'my secret message')";

    @Test
    void callWhenTheDatabaseRefusesTheDataThenIllegalArgumentWithoutTheValue() {
        SQLException tooLong = new SQLException("value too long for type character varying(256): " + CONTENT,
                "22001");
        assertThatExceptionOfType(IllegalArgumentException.class)
            .isThrownBy(() -> JdbcErrors.call("create a session", () -> {
                throw new DataIntegrityViolationException("insert", tooLong);
            }))
            .withMessageContaining("22001")
            .satisfies((ex) -> assertThat(chain(ex)).doesNotContain("secret"));
    }

    @Test
    void callWhenTheServerIsUnreachableThenUnavailableWithTheCause() {
        DataAccessResourceFailureException down = new DataAccessResourceFailureException("Connection refused");
        assertThatExceptionOfType(SessionStoreUnavailableException.class)
            .isThrownBy(() -> JdbcErrors.call("read a session", () -> {
                throw down;
            }))
            .withCause(down);
    }

    @Test
    void batchWhenItFailsThenTheSameKindOfFailureWithoutStatementOrParameters() {
        BatchUpdateException deadlock = new BatchUpdateException("Batch entry 0 INSERT " + CONTENT + " was aborted",
                "40P01", 0, new int[0]);
        BatchUpdateException duplicate = new BatchUpdateException("Batch entry 1 INSERT " + CONTENT, "23505", 0,
                new int[0]);
        BatchUpdateException other = new BatchUpdateException("Batch entry 0 INSERT " + CONTENT, "P0001", 0,
                new int[0]);

        assertThat(failureOf(deadlock)).isInstanceOf(CannotAcquireLockException.class)
            .satisfies((ex) -> assertThat(JdbcErrors.isRetryable(ex)).isTrue());
        assertThat(failureOf(duplicate)).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(failureOf(other)).isInstanceOf(UncategorizedSQLException.class);
        for (BatchUpdateException failure : new BatchUpdateException[] { deadlock, duplicate, other }) {
            assertThat(chain(failureOf(failure))).doesNotContain("secret").contains(failure.getSQLState());
        }
    }

    private static DataAccessException failureOf(SQLException cause) {
        try {
            JdbcErrors.batch("insert of events", () -> {
                throw new UncategorizedSQLException("batch", "INSERT " + CONTENT, cause);
            });
        }
        catch (DataAccessException ex) {
            return ex;
        }
        throw new AssertionError("the batch did not fail");
    }

    private static String chain(Throwable ex) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            text.append(cause).append('\n');
        }
        return text.toString();
    }
}
