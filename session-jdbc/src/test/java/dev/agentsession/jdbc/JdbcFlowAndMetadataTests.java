package dev.agentsession.jdbc;

import java.time.Clock;

import dev.agentsession.conformance.FlowAndMetadataConformanceTests;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * The flow, metadata and clear-all conformance suite on the JDBC store, once per database, each in tables of its
 * own (clearAll empties them).
 */
@OnEveryJdbcPlatform
class JdbcFlowAndMetadataTests extends FlowAndMetadataConformanceTests<JdbcSessionStore> {

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
