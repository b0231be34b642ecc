package dev.agentsession.jdbc;

import java.time.Clock;

import dev.agentsession.conformance.HistoryRewindAndForkConformanceTests;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * The history rewind, fork and lease conformance suite on the JDBC store, once per database.
 */
@OnEveryJdbcPlatform
class JdbcHistoryRewindAndForkTests extends HistoryRewindAndForkConformanceTests<JdbcSessionStore> {

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
