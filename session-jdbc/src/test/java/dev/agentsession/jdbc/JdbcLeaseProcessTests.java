package dev.agentsession.jdbc;

import java.util.List;
import java.util.Objects;

import dev.agentsession.conformance.LeaseProcessConformanceTests;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Run leases between this JVM and a {@link JdbcLeaseWorker} process on one database: SQLite (the same file),
 * PostgreSQL and MariaDB.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.agentsession.jdbc.JdbcTestDatabase#onEveryShareablePlatform")
class JdbcLeaseProcessTests extends LeaseProcessConformanceTests<JdbcSessionStore> {

    @Parameter
    JdbcTestDatabase database;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open();
    }

    @Override
    protected JdbcSessionStore createStore() {
        return this.database.store();
    }

    @Override
    protected Class<?> workerMainClass() {
        return JdbcLeaseWorker.class;
    }

    @Override
    protected List<String> workerArguments() {
        return List.of(this.database.dataSource().getJdbcUrl(),
                Objects.requireNonNullElse(this.database.dataSource().getUsername(), ""),
                Objects.requireNonNullElse(this.database.dataSource().getPassword(), ""),
                this.database.settings().tablePrefix());
    }
}
