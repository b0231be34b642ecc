package dev.agentsession.jdbc;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * SQLite 3.35 or later, in WAL mode with a busy timeout: no row locks, so a write transaction takes the
 * database's write lock with its first statement instead of {@code SELECT ... FOR UPDATE}; upserts with
 * {@code ON CONFLICT ... DO UPDATE}; an embedded database.
 */
public class SqliteDialect implements JdbcDialect {

    /**
     * Creates the dialect.
     */
    public SqliteDialect() {
    }

    @Override
    public String id() {
        return "sqlite";
    }

    @Override
    public boolean isEmbedded() {
        return true;
    }

    /**
     * Empty: a write transaction holds the whole database.
     */
    @Override
    public String forUpdate() {
        return "";
    }

    /**
     * Empty: a write transaction holds the whole database, and writers run one at a time.
     */
    @Override
    public String forUpdateSkipLocked() {
        return "";
    }

    @Override
    public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
        return new UpsertStatement(table, keyColumns, valueColumns).insertOnConflictUpdate();
    }

    /**
     * A no-op update of the sessions table: in WAL mode a transaction that reads first and writes later cannot
     * wait for the write lock, while a transaction whose first statement writes waits up to the busy timeout.
     */
    @Override
    public @Nullable String writeLockStatement(String sessionsTable) {
        return "UPDATE " + sessionsTable + " SET VERSION = VERSION WHERE ID = -1";
    }
}
