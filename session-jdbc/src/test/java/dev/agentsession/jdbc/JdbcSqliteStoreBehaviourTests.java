package dev.agentsession.jdbc;

/**
 * The JDBC store's own behaviour on Sqlite.
 */
class JdbcSqliteStoreBehaviourTests extends JdbcStoreBehaviourTests {

    @Override
    protected JdbcTestPlatform platform() {
        return JdbcTestPlatform.SQLITE;
    }
}
