package dev.agentsession.jdbc;

/**
 * Encryption at rest of the JDBC auth session store on PostgreSQL on the local server (skipped when absent unless CI=true).
 */
class JdbcPostgresqlAuthEncryptionTests extends JdbcAuthEncryptionTests {

    @Override
    protected JdbcTestPlatform platform() {
        return JdbcTestPlatform.POSTGRESQL;
    }
}
