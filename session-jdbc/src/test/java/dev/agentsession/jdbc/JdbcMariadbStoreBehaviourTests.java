package dev.agentsession.jdbc;

/**
 * The JDBC store's own behaviour on Mariadb.
 */
class JdbcMariadbStoreBehaviourTests extends JdbcStoreBehaviourTests {

    @Override
    protected JdbcTestPlatform platform() {
        return JdbcTestPlatform.MARIADB;
    }
}
