package dev.agentsession.jdbc;

import java.time.Clock;

import dev.agentsession.conformance.AuthSessionStoreConformanceTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The auth session conformance suite on the JDBC store, PostgreSQL on the local server (skipped when absent unless CI=true), with a random encryption key.
 */
class JdbcPostgresqlAuthSessionStoreTests extends AuthSessionStoreConformanceTests<JdbcAuthSessionStore> {

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
    protected JdbcAuthSessionStore createStore(Clock clock) {
        return database.authStore(JdbcTestDatabase.cipher(JdbcTestDatabase.randomKey()));
    }
}
