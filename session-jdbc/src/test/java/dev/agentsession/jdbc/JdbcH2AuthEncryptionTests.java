package dev.agentsession.jdbc;

/**
 * Encryption at rest of the JDBC auth session store on H2, which always runs.
 */
class JdbcH2AuthEncryptionTests extends JdbcAuthEncryptionTests {

    @Override
    protected JdbcTestPlatform platform() {
        return JdbcTestPlatform.H2;
    }
}
