package dev.agentsession.jdbc;

/**
 * The databases the JDBC tests run on, each with the built-in dialect the store detects on it. H2 and SQLite
 * always run; PostgreSQL and MariaDB use the local servers (skipped when absent unless {@code CI=true}).
 */
enum JdbcTestPlatform {

    /** H2 in memory. */
    H2(new H2Dialect()),

    /** SQLite in a file under {@code target/sqlite}, WAL mode. */
    SQLITE(new SqliteDialect()),

    /** PostgreSQL on the local server. */
    POSTGRESQL(new PostgresqlDialect()),

    /** MariaDB on the local server, with the MySQL dialect. */
    MARIADB(new MysqlDialect());

    private final JdbcDialect dialect;

    JdbcTestPlatform(JdbcDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * The built-in dialect the store uses on this database.
     * @return the dialect
     */
    JdbcDialect dialect() {
        return this.dialect;
    }
}
