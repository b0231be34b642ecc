package dev.agentsession.jdbc;

import java.time.Clock;

import dev.agentsession.conformance.RewindAndForkConformanceTests;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * The rewind and fork conformance suite on the JDBC store, once per database.
 */
@OnEveryJdbcPlatform
class JdbcRewindAndForkTests extends RewindAndForkConformanceTests<JdbcSessionStore> {

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
