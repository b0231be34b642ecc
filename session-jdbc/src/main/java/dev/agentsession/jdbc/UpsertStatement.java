package dev.agentsession.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The three forms of an insert-or-replace of one row the built-in dialects use, with one {@code ?} per column:
 * key columns first, then value columns.
 *
 * @param table the table
 * @param keyColumns the key columns
 * @param valueColumns the other columns
 */
record UpsertStatement(String table, List<String> keyColumns, List<String> valueColumns) {

    /**
     * H2's {@code MERGE INTO ... KEY (...) VALUES (...)}.
     */
    String mergeWithKey() {
        return "MERGE INTO " + this.table + " (" + columnList() + ") KEY (" + String.join(", ", this.keyColumns)
                + ") VALUES (" + placeholders() + ")";
    }

    /**
     * PostgreSQL's and SQLite's {@code INSERT ... ON CONFLICT (...) DO UPDATE SET c = EXCLUDED.c}.
     */
    String insertOnConflictUpdate() {
        return insert() + " ON CONFLICT (" + String.join(", ", this.keyColumns) + ") DO UPDATE SET "
                + assignments((column) -> "EXCLUDED." + column);
    }

    /**
     * MySQL's and MariaDB's {@code INSERT ... ON DUPLICATE KEY UPDATE c = VALUES(c)}.
     */
    String insertOnDuplicateKeyUpdate() {
        return insert() + " ON DUPLICATE KEY UPDATE " + assignments((column) -> "VALUES(" + column + ")");
    }

    private String insert() {
        return "INSERT INTO " + this.table + " (" + columnList() + ") VALUES (" + placeholders() + ")";
    }

    private String columnList() {
        List<String> columns = new ArrayList<>(this.keyColumns);
        columns.addAll(this.valueColumns);
        return String.join(", ", columns);
    }

    private String placeholders() {
        return String.join(", ", Collections.nCopies(this.keyColumns.size() + this.valueColumns.size(), "?"));
    }

    private String assignments(UnaryOperator<String> newValue) {
        return this.valueColumns.stream()
            .map((column) -> column + " = " + newValue.apply(column))
            .collect(Collectors.joining(", "));
    }
}
