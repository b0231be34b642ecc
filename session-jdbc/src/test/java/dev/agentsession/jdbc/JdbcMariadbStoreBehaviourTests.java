package dev.agentsession.jdbc;

/**
 * The JDBC store's own behaviour on Mariadb.
 */
class JdbcMariadbStoreBehaviourTests extends JdbcStoreBehaviourTests {

    @Override
    protected DatabasePlatform platform() {
        return DatabasePlatform.MYSQL;
    }
}
