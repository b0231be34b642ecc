package dev.agentsession.jdbc;

import java.util.List;

/**
 * H2 2.x: rows locked with {@code FOR UPDATE}, upserts with {@code MERGE INTO ... KEY}; an embedded database.
 */
public class H2Dialect implements JdbcDialect {

    /**
     * Creates the dialect.
     */
    public H2Dialect() {
    }

    @Override
    public String id() {
        return "h2";
    }

    @Override
    public boolean isEmbedded() {
        return true;
    }

    @Override
    public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
        return new UpsertStatement(table, keyColumns, valueColumns).mergeWithKey();
    }
}
