package dev.agentsession.jdbc;

/**
 * Encryption at rest of the JDBC auth session store on MariaDB on the local server (skipped when absent unless CI=true).
 */
class JdbcMariadbAuthEncryptionTests extends JdbcAuthEncryptionTests {

    @Override
    protected JdbcTestPlatform platform() {
        return JdbcTestPlatform.MARIADB;
    }
}
