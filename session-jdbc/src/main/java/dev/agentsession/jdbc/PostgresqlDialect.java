package dev.agentsession.jdbc;

import java.util.List;

/**
 * PostgreSQL 12 or later: rows locked with {@code FOR UPDATE}, upserts with {@code ON CONFLICT ... DO UPDATE}.
 */
public class PostgresqlDialect implements JdbcDialect {

    /**
     * Creates the dialect.
     */
    public PostgresqlDialect() {
    }

    @Override
    public String id() {
        return "postgresql";
    }

    @Override
    public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
        return new UpsertStatement(table, keyColumns, valueColumns).insertOnConflictUpdate();
    }
}
