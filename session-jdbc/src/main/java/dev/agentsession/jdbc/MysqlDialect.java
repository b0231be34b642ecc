package dev.agentsession.jdbc;

import java.util.List;

/**
 * MySQL 8 and MariaDB 10.6 or later (InnoDB): rows locked with {@code FOR UPDATE}, upserts with
 * {@code ON DUPLICATE KEY UPDATE}.
 */
public class MysqlDialect implements JdbcDialect {

    /**
     * Creates the dialect.
     */
    public MysqlDialect() {
    }

    @Override
    public String id() {
        return "mysql";
    }

    @Override
    public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
        return new UpsertStatement(table, keyColumns, valueColumns).insertOnDuplicateKeyUpdate();
    }
}
