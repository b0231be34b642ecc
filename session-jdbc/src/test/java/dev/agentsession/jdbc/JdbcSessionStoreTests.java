package dev.agentsession.jdbc;

import java.time.Clock;

import dev.agentsession.conformance.SessionStoreConformanceTests;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * The conformance suite on the JDBC store, once per database.
 */
@OnEveryJdbcPlatform
class JdbcSessionStoreTests extends SessionStoreConformanceTests<JdbcSessionStore> {

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
