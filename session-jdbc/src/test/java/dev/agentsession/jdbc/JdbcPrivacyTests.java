package dev.agentsession.jdbc;

import java.time.Clock;

import dev.agentsession.conformance.PrivacyConformanceTests;
import dev.agentsession.store.AuthSessionStore;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * The privacy conformance suite on the JDBC session and auth stores, once per database, with a random encryption
 * key.
 */
@OnEveryJdbcPlatform
class JdbcPrivacyTests extends PrivacyConformanceTests<JdbcSessionStore> {

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

    @Override
    protected AuthSessionStore createAuthStore(Clock clock) {
        return this.database.authStore(JdbcTestDatabase.cipher(JdbcTestDatabase.randomKey()));
    }
}
