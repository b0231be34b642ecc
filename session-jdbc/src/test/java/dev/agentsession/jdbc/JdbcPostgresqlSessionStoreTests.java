package dev.agentsession.jdbc;

import java.time.Clock;

import dev.agentsession.conformance.SessionStoreConformanceTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite on the JDBC store, PostgreSQL on the local server (skipped when absent unless CI=true).
 */
class JdbcPostgresqlSessionStoreTests extends SessionStoreConformanceTests<JdbcSessionStore> {

    private static JdbcTestDatabase database;

    @BeforeAll
    static void openDatabase() {
        database = JdbcTestDatabase.open(JdbcTestPlatform.POSTGRESQL);
    }

    @AfterAll
    static void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected JdbcSessionStore createStore(Clock clock) {
        return database.store();
    }
}
