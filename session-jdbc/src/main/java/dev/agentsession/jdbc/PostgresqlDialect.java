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

    /**
     * {@code LIMIT (SELECT ?)}: a limit the planner cannot read. Before a table is analyzed (freshly loaded, or
     * never, with autovacuum off) PostgreSQL estimates an equality on an index column to match a handful of rows;
     * with a known limit above that estimate, it prefers reading them all with a bitmap scan and sorting them to
     * walking the index in order, and a page of a large app then reads the whole app. With an unknown limit it
     * plans for a tenth of the rows, which only the walk in index order delivers without reading them all.
     */
    @Override
    public String limit() {
        return "LIMIT (SELECT ?)";
    }

    @Override
    public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
        return new UpsertStatement(table, keyColumns, valueColumns).insertOnConflictUpdate();
    }
}
