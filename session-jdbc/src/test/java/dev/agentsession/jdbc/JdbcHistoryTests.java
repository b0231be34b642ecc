package dev.agentsession.jdbc;

import java.time.Clock;

import dev.agentsession.conformance.HistoryConformanceTests;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * The history conformance suite (compaction, context, retention) on the JDBC store, once per database.
 */
@OnEveryJdbcPlatform
class JdbcHistoryTests extends HistoryConformanceTests<JdbcSessionStore> {

    @Parameter
    JdbcTestDatabase database;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open();
    }

    @Override
    protected JdbcSessionStore createStore(Clock clock) {
        return this.database.store();
    }
}
