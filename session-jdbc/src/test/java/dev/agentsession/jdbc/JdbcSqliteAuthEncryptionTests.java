package dev.agentsession.jdbc;

/**
 * Encryption at rest of the JDBC auth session store on SQLite, which always runs.
 */
class JdbcSqliteAuthEncryptionTests extends JdbcAuthEncryptionTests {

    @Override
    protected JdbcTestPlatform platform() {
        return JdbcTestPlatform.SQLITE;
    }
}
