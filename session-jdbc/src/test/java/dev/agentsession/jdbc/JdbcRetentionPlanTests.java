package dev.agentsession.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.agentsession.SessionRef;
import dev.agentsession.store.EpochMicros;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History retention finds the sessions with compacted events to remove through the index on
 * {@code (COMPACTED_SINCE, ID)}, on every database, checked on the database's own plan of the statement the store
 * sends: among 20,000 sessions, loaded in one batch and never analyzed, of which a few have compacted events, a page
 * of candidates reads the index and never the whole sessions table (H2, SQLite and MySQL/MariaDB walk it in order;
 * PostgreSQL may sort the few rows its bitmap scan of the index found).
 */
@OnEveryJdbcPlatform
class JdbcRetentionPlanTests {

    private static final int SESSIONS = 20_000;

    @Parameter
    JdbcTestDatabase database;

    private String dialect;

    private long now;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open();
    }

    @BeforeEach
    void fill() {
        this.dialect = this.database.store().dialect().id();
        this.now = EpochMicros.of(Instant.now());
        String app = "app-" + UUID.randomUUID();
        List<Object[]> rows = new ArrayList<>(SESSIONS);
        for (int i = 0; i < SESSIONS; i++) {
            SessionRef ref = new SessionRef(SessionRef.DEFAULT_TENANT, app, "user-" + (i % 3), "session-" + i);
            // One session in a thousand has compacted events waiting for retention.
            Long since = (i % 1000 == 0) ? this.now - i : null;
            rows.add(new Object[] { KeyHashes.session(ref), KeyHashes.app(ref), KeyHashes.user(ref), ref.tenant(),
                    ref.app(), ref.userId(), ref.sessionId(), this.now, this.now, since });
        }
        JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
        new TransactionTemplate(new DataSourceTransactionManager(this.database.dataSource()))
            .executeWithoutResult((status) -> jdbc.batchUpdate(this.database.settings().resolve("""
                    INSERT INTO ${prefix}SESSIONS (REF_HASH, APP_HASH, USER_HASH, TENANT, APP, USER_ID, SESSION_ID,
                        STATUS, METADATA_JSON, FLOW_JSON, EVENT_COUNT, VERSION, CREATED_AT, UPDATED_AT, EXPIRES_AT,
                        COMPACTED_SINCE)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', '{}', NULL, 0, 1, ?, ?, NULL, ?)
                    """), rows));
    }

    @Test
    void removeCompactedEventsWhenFewSessionsHaveCompactedEventsThenCandidatesComeFromTheIndex() throws SQLException {
        String plan = planOf(JdbcCompactions.candidatesStatement(this.database.settings()), Long.MIN_VALUE, this.now,
                Long.MIN_VALUE, 0L, 100);

        assertThat(plan.toUpperCase(Locale.ROOT)).contains("SESSIONS_COMPACTED_IDX");
        switch (this.dialect) {
            // With few candidates PostgreSQL may sort what the index found (a bitmap scan): never the table.
            case "postgresql" -> assertThat(plan).contains("Index Cond").doesNotContain("Seq Scan");
            case "mysql" -> assertThat(plan).doesNotContainIgnoringCase("filesort").doesNotContain(" ALL ");
            case "sqlite" -> assertThat(plan).doesNotContainIgnoringCase("TEMP B-TREE").doesNotContain("SCAN ");
            default -> assertThat(plan).doesNotContainIgnoringCase("tableScan");
        }
    }

    /**
     * The database's plan of a statement with its parameters.
     */
    private String planOf(String sql, Object... parameters) throws SQLException {
        String explain = this.dialect.equals("sqlite") ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
        try (Connection connection = this.database.dataSource().getConnection();
                PreparedStatement plan = connection.prepareStatement(explain + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                plan.setObject(i + 1, parameters[i]);
            }
            StringBuilder text = new StringBuilder();
            try (ResultSet rows = plan.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int i = 1; i <= columns; i++) {
                        text.append(rows.getString(i)).append(' ');
                    }
                    text.append('\n');
                }
            }
            return text.toString();
        }
    }
}
