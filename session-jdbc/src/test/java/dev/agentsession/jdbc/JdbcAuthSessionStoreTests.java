package dev.agentsession.jdbc;

import java.time.Clock;

import dev.agentsession.conformance.AuthSessionStoreConformanceTests;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * The auth session conformance suite on the JDBC store, once per database, with a random encryption key.
 */
@OnEveryJdbcPlatform
class JdbcAuthSessionStoreTests extends AuthSessionStoreConformanceTests<JdbcAuthSessionStore> {

    @Parameter
    JdbcTestDatabase database;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open();
    }

    @Override
    protected JdbcAuthSessionStore createStore(Clock clock) {
        return this.database.authStore(JdbcTestDatabase.cipher(JdbcTestDatabase.randomKey()));
    }
}
