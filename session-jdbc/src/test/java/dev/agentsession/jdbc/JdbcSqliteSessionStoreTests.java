package dev.agentsession.jdbc;

import java.time.Clock;

import dev.agentsession.conformance.SessionStoreConformanceTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite on the JDBC store, Sqlite, which always runs.
 */
class JdbcSqliteSessionStoreTests extends SessionStoreConformanceTests<JdbcSessionStore> {

    private static JdbcTestDatabase database;

    @BeforeAll
    static void openDatabase() {
        database = JdbcTestDatabase.open(JdbcTestPlatform.SQLITE);
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
