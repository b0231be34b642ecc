package dev.agentsession.jdbc;

/**
 * The JDBC store's own behaviour on Postgresql.
 */
class JdbcPostgresqlStoreBehaviourTests extends JdbcStoreBehaviourTests {

    @Override
    protected JdbcTestPlatform platform() {
        return JdbcTestPlatform.POSTGRESQL;
    }
}
