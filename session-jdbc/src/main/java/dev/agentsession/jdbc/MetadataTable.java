package dev.agentsession.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.agentsession.SessionRef;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * The metadata index, {@code SESSION_METADATA}: one row per key of a session's metadata, under the SHA-256 of
 * (tenant, app, key, value) and with a copy of the session's listing sort key (update time, user, session id), so
 * that a listing filtered by one key and value walks the index {@code (FILTER_HASH, UPDATED_AT, USER_ID, SESSION_ID)}
 * in listing order and stops after its page. The session row's {@code METADATA_JSON} stays the record; this table is
 * written in the same transactions, and the sort key copy moves with every write of a session that has metadata.
 */
final class MetadataTable {

    private final JdbcTemplate jdbc;

    private final SessionCodec codec;

    private final NamedParameterJdbcTemplate namedJdbc;

    private final SingletonSupplier<Sql> sql;

    MetadataTable(JdbcTemplate jdbc, SessionCodec codec, JdbcStoreSettings settings, Supplier<JdbcDialect> dialect) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.namedJdbc = new NamedParameterJdbcTemplate(jdbc);
        this.sql = SingletonSupplier.of(() -> Sql.of(settings, dialect.get()));
    }

    /**
     * Writes metadata changes of a session: one batch of upserts and one batch of deletes at most.
     * @param changes the keys to set, and the keys to remove (mapped to {@code null})
     * @param updatedAt the session's update time after the write, epoch microseconds
     */
    void apply(SessionRef ref, long pk, Map<String, @Nullable String> changes, long updatedAt) {
        List<Object[]> upserts = new ArrayList<>();
        List<Object[]> deletes = new ArrayList<>();
        changes.forEach((key, value) -> {
            if (value == null) {
                deletes.add(new Object[] { pk, key });
            }
            else {
                upserts.add(new Object[] { pk, key, storedValue(this.codec, value),
                        KeyHashes.metadataFilter(ref.tenant(), ref.app(), key, value), updatedAt, ref.userId(),
                        ref.sessionId() });
            }
        });
        if (!upserts.isEmpty()) {
            this.jdbc.batchUpdate(this.sql.obtain().upsert(), upserts);
        }
        if (!deletes.isEmpty()) {
            this.jdbc.batchUpdate(this.sql.obtain().delete(), deletes);
        }
    }

    /**
     * A value as {@code META_VALUE} holds it: a JSON string, so that text the database cannot store as it is (NUL on
     * PostgreSQL) or compares loosely (trailing spaces on MySQL) is kept and matched exactly.
     */
    static String storedValue(SessionCodec codec, String value) {
        return codec.writeValue(value);
    }

    /**
     * Moves a session's rows to its new update time.
     */
    void touch(long pk, long updatedAt) {
        this.jdbc.update(this.sql.obtain().touch(), updatedAt, pk);
    }

    void deleteOfSessions(List<Long> ids) {
        this.namedJdbc.update(this.sql.obtain().deleteOfSessions(), Map.of("ids", ids));
    }

    /**
     * The statements on the metadata table of one prefix and dialect.
     */
    private record Sql(String upsert, String delete, String touch, String deleteOfSessions) {

        static Sql of(JdbcStoreSettings settings, JdbcDialect dialect) {
            return new Sql(
                    dialect.upsert(settings.resolve("${prefix}SESSION_METADATA"), List.of("SESSION_PK", "META_KEY"),
                            List.of("META_VALUE", "FILTER_HASH", "UPDATED_AT", "USER_ID", "SESSION_ID")),
                    settings.resolve("DELETE FROM ${prefix}SESSION_METADATA WHERE SESSION_PK = ? AND META_KEY = ?"),
                    settings.resolve("UPDATE ${prefix}SESSION_METADATA SET UPDATED_AT = ? WHERE SESSION_PK = ?"),
                    settings.resolve("DELETE FROM ${prefix}SESSION_METADATA WHERE SESSION_PK IN (:ids)"));
        }
    }
}
