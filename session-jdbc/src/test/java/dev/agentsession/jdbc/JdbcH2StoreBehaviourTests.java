package dev.agentsession.jdbc;

/**
 * The JDBC store's own behaviour on H2.
 */
class JdbcH2StoreBehaviourTests extends JdbcStoreBehaviourTests {

    @Override
    protected JdbcTestPlatform platform() {
        return JdbcTestPlatform.H2;
    }
}
