package dev.agentsession.jdbc;

import java.time.Clock;

import dev.agentsession.conformance.AuthSessionStoreConformanceTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The auth session conformance suite on the JDBC store, H2, which always runs, with a random encryption key.
 */
class JdbcH2AuthSessionStoreTests extends AuthSessionStoreConformanceTests<JdbcAuthSessionStore> {

    private static JdbcTestDatabase database;

    @BeforeAll
    static void openDatabase() {
        database = JdbcTestDatabase.open(JdbcTestPlatform.H2);
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
