package dev.agentsession.jdbc;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.store.CreateCommand;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.RewoundRanges;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.util.function.SingletonSupplier;

/**
 * The sessions table: one row per session, found by the SHA-256 of its ref and checked against every ref
 * column. A write locks the row first ({@code SELECT ... FOR UPDATE}, or the dialect's database write lock), so
 * writers of one session run one at a time and writers of different sessions do not wait for each other.
 */
final class SessionTable {

    private static final String REF_MATCHES = """
            REF_HASH = ? AND TENANT = ? AND APP = ? AND USER_ID = ? AND SESSION_ID = ?\
            """;

    private final JdbcTemplate jdbc;

    private final NamedParameterJdbcTemplate namedJdbc;

    private final SingletonSupplier<Sql> sql;

    private final MetadataTable metadata;

    private final String emptyMetadataJson;

    /**
     * @param metadata the metadata index, whose rows' sort key every write of a session with metadata moves
     * @param emptyMetadataJson the JSON of no metadata, as the store writes it
     */
    SessionTable(JdbcTemplate jdbc, JdbcStoreSettings settings, Supplier<JdbcDialect> dialect, MetadataTable metadata,
            String emptyMetadataJson) {
        this.jdbc = jdbc;
        this.namedJdbc = new NamedParameterJdbcTemplate(jdbc);
        this.sql = SingletonSupplier.of(() -> Sql.of(settings, dialect.get()));
        this.metadata = metadata;
        this.emptyMetadataJson = emptyMetadataJson;
    }

    /**
     * Where the dialect asks for it (SQLite), takes the database write lock before the transaction reads anything.
     */
    void lockDatabase() {
        String writeLock = this.sql.obtain().writeLock();
        if (writeLock != null) {
            this.jdbc.update(writeLock);
        }
    }

    /**
     * Locks and reads the row of a session, expired or not.
     */
    @Nullable SessionRow lock(SessionRef ref) {
        lockDatabase();
        List<SessionRow> rows = this.jdbc.query(this.sql.obtain().lock(), (rs, rowNum) -> SessionRow.map(rs, ref),
                refArgs(ref));
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * Locks the row of a session, expired or not, reading only its id: a session whose other columns cannot be
     * read can still be deleted.
     */
    @Nullable Long lockPk(SessionRef ref) {
        lockDatabase();
        List<Long> rows = this.jdbc.query(this.sql.obtain().lock(), (rs, rowNum) -> rs.getLong("ID"), refArgs(ref));
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * Locks and reads the row of a live session.
     * @throws SessionNotFoundException if there is none
     */
    SessionRow lockLive(SessionRef ref, Instant now) {
        SessionRow row = lock(ref);
        if (row == null || row.isExpired(now)) {
            throw new SessionNotFoundException(ref);
        }
        return row;
    }

    /**
     * Locks and reads a session's row by its id, expired or not.
     */
    @Nullable SessionRow lock(long pk) {
        lockDatabase();
        List<SessionRow> rows = this.jdbc.query(this.sql.obtain().lockById(), (rs, rowNum) -> SessionRow.map(rs,
                new SessionRef(rs.getString("TENANT"), rs.getString("APP"), rs.getString("USER_ID"),
                        rs.getString("SESSION_ID"))),
                pk);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Nullable SessionRow readLive(SessionRef ref, Instant now) {
        List<SessionRow> rows = this.jdbc.query(this.sql.obtain().readLive(), (rs, rowNum) -> SessionRow.map(rs, ref),
                refArgs(ref, EpochMicros.of(now)));
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * Locks the row of the ref if it expired and cleanup has not removed it yet.
     * @return its id, or none
     */
    List<Long> lockExpired(SessionRef ref, Instant now) {
        lockDatabase();
        return this.jdbc.queryForList(this.sql.obtain().lockExpired(), Long.class, refArgs(ref, EpochMicros.of(now)));
    }

    /**
     * Inserts the row of a new session.
     * @param initialStateJson the session-scope state given at creation, a JSON object
     * @param eventCount the events the session starts with (a fork's copies), 0 for a new session
     * @return its id
     * @throws SessionAlreadyExistsException if the ref has a row
     */
    long insert(CreateCommand command, String metadataJson, String initialStateJson, long eventCount) {
        try {
            return insertNew(command, metadataJson, initialStateJson, eventCount);
        }
        catch (KeyTaken ex) {
            throw new SessionAlreadyExistsException(command.ref());
        }
    }

    /**
     * Inserts the row of a new session, in one statement that returns its generated id.
     * @param initialStateJson the session-scope state given at creation, a JSON object
     * @param eventCount the events the session starts with (a fork's copies), 0 for a new session
     * @return its id
     * @throws KeyTaken if the ref has a row (the transaction must roll back)
     */
    long insertNew(CreateCommand command, String metadataJson, String initialStateJson, long eventCount) {
        SessionRef ref = command.ref();
        long now = EpochMicros.of(command.now());
        Object[] args = { KeyHashes.session(ref), KeyHashes.app(ref), KeyHashes.user(ref), ref.tenant(), ref.app(),
                ref.userId(), ref.sessionId(), SessionStatus.ACTIVE.name(), metadataJson, eventCount, now, now,
                EpochMicros.ofNullable(command.expiresAt()), initialStateJson };
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            this.jdbc.update((connection) -> {
                PreparedStatement insert = connection.prepareStatement(this.sql.obtain().insert(),
                        Statement.RETURN_GENERATED_KEYS);
                new ArgumentPreparedStatementSetter(args).setValues(insert);
                return insert;
            }, keys);
        }
        catch (DataAccessException ex) {
            if (JdbcErrors.isUniqueViolation(ex)) {
                throw new KeyTaken(ex);
            }
            throw ex;
        }
        return generatedId(keys);
    }

    /**
     * The id among the generated keys: the only one, or the {@code ID} column where the driver returns the whole
     * row (PostgreSQL).
     */
    private static long generatedId(GeneratedKeyHolder keys) {
        Map<String, Object> row = keys.getKeyList().get(0);
        Object id = (row.size() == 1) ? row.values().iterator().next()
                : row.entrySet().stream()
                    .filter((column) -> column.getKey().equalsIgnoreCase("ID"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("The insert of a session returned no ID"));
        return ((Number) id).longValue();
    }

    /**
     * Writes a row's new version, event count, update time and expiry.
     * @return the row as written
     */
    SessionRow advance(SessionRow row, int addedEvents, Instant now, @Nullable Instant expiresAt) {
        SessionRow advanced = row.advanced(addedEvents, now, expiresAt);
        this.jdbc.update(this.sql.obtain().advance(), advanced.version(), advanced.eventCount(), advanced.updatedAt(),
                advanced.expiresAt(), row.pk());
        moveMetadata(row, advanced);
        return advanced;
    }

    /**
     * Writes a row after a rewind: its marker counted, the new rewound ranges, a new version, update time and expiry.
     * @return the row as written
     */
    SessionRow rewind(SessionRow row, RewoundRanges rewound, Instant now, @Nullable Instant expiresAt) {
        SessionRow saved = row.rewound(rewound, now, expiresAt);
        this.jdbc.update(this.sql.obtain().rewind(), saved.version(), saved.eventCount(), saved.updatedAt(),
                saved.expiresAt(), rewound.toJson(), row.pk());
        moveMetadata(row, saved);
        return saved;
    }

    /**
     * The session-scope state given at creation, or after the last event history retention removed; empty for a
     * session created before schema version 4, which did not keep it.
     */
    Map<String, Object> initialState(SessionRef ref, long pk, SessionCodec codec) {
        String json = this.jdbc.queryForObject(this.sql.obtain().initialState(), String.class, pk);
        return (json != null) ? codec.readObject(ref, "initial state", json) : Map.of();
    }

    /**
     * Writes a row's flow state (none, for {@code null}) with a new version, update time and expiry.
     * @return the row as written
     */
    SessionRow saveFlow(SessionRow row, @Nullable String flowJson, Instant now, @Nullable Instant expiresAt) {
        SessionRow saved = row.withFlow(flowJson, now, expiresAt);
        this.jdbc.update(this.sql.obtain().saveFlow(), flowJson, saved.version(), saved.updatedAt(),
                saved.expiresAt(), row.pk());
        moveMetadata(row, saved);
        return saved;
    }

    /**
     * Writes a row's metadata record with a new version, update time and expiry, and moves the metadata index rows
     * it had to the new update time; the caller writes the index rows of the changed keys.
     * @return the row as written
     */
    SessionRow saveMetadata(SessionRow row, String metadataJson, Instant now, @Nullable Instant expiresAt) {
        SessionRow saved = row.withMetadata(metadataJson, now, expiresAt);
        this.jdbc.update(this.sql.obtain().saveMetadata(), metadataJson, saved.version(), saved.updatedAt(),
                saved.expiresAt(), row.pk());
        moveMetadata(row, saved);
        return saved;
    }

    private void moveMetadata(SessionRow before, SessionRow after) {
        if (before.hasMetadata(this.emptyMetadataJson)) {
            this.metadata.touch(before.pk(), after.updatedAt());
        }
    }

    void archive(long pk) {
        this.jdbc.update(this.sql.obtain().archive(), SessionStatus.ARCHIVED.name(), pk);
    }

    /**
     * Archives the live active sessions not updated since a time.
     * @return how many were archived
     */
    int archiveInactive(Instant updatedBefore, Instant now) {
        return this.jdbc.update(this.sql.obtain().archiveInactive(), SessionStatus.ARCHIVED.name(),
                SessionStatus.ACTIVE.name(), EpochMicros.of(updatedBefore), EpochMicros.of(now));
    }

    /**
     * Locks the rows of an app's sessions, at most {@code limit}, lowest ids first.
     * @return their ids
     */
    List<Long> lockOfApp(String tenant, String app, int limit) {
        lockDatabase();
        return this.jdbc.queryForList(this.sql.obtain().lockOfApp(), Long.class, KeyHashes.app(tenant, app), tenant,
                app, limit);
    }

    /**
     * Locks the rows of a user's sessions in every app of a tenant, expired or not, at most {@code limit}, lowest
     * ids first.
     * @return their ids
     */
    List<Long> lockOfUser(String tenant, String userId, int limit) {
        lockDatabase();
        return this.jdbc.queryForList(this.sql.obtain().lockOfUser(), Long.class, tenant, userId, limit);
    }

    /**
     * The live sessions of a user in every app of a tenant, by app, then session id.
     */
    List<SessionRef> refsOfUser(String tenant, String userId, Instant now) {
        List<SessionRef> refs = new ArrayList<>(this.jdbc.query(this.sql.obtain().refsOfUser(),
                (rs, rowNum) -> new SessionRef(tenant, rs.getString("APP"), userId, rs.getString("SESSION_ID")),
                tenant, userId, EpochMicros.of(now)));
        // Sorted here: the (TENANT, USER_ID) index cannot hold the app and session id too on MySQL.
        refs.sort(Comparator.comparing(SessionRef::app).thenComparing(SessionRef::sessionId));
        return refs;
    }

    /**
     * Locks the rows of expired sessions, at most {@code limit}, soonest expired first, skipping rows another
     * transaction holds.
     * @return their ids
     */
    List<Long> lockExpired(Instant now, int limit) {
        lockDatabase();
        return this.jdbc.queryForList(this.sql.obtain().lockExpiredBatch(), Long.class, EpochMicros.of(now), limit);
    }

    /**
     * Deletes rows by id.
     * @return how many were deleted
     */
    int delete(List<Long> ids) {
        return this.namedJdbc.update(this.sql.obtain().delete(), Map.of("ids", ids));
    }

    private static Object[] refArgs(SessionRef ref, Object... more) {
        Object[] args = new Object[5 + more.length];
        args[0] = KeyHashes.session(ref);
        args[1] = ref.tenant();
        args[2] = ref.app();
        args[3] = ref.userId();
        args[4] = ref.sessionId();
        System.arraycopy(more, 0, args, 5, more.length);
        return args;
    }

    /**
     * The statements on the sessions table of one prefix and dialect.
     */
    private record Sql(@Nullable String writeLock, String lock, String lockById, String readLive, String lockExpired,
            String insert, String advance, String rewind, String initialState, String saveFlow,
            String saveMetadata, String archive, String archiveInactive, String lockOfApp, String lockOfUser,
            String refsOfUser, String lockExpiredBatch, String delete) {

        static Sql of(JdbcStoreSettings settings, JdbcDialect dialect) {
            String columns = SessionRow.COLUMNS;
            return new Sql(dialect.writeLockStatement(settings.sessionsTable()),
                    settings.resolve("""
                            SELECT %s FROM ${prefix}SESSIONS WHERE %s %s
                            """.formatted(columns, REF_MATCHES, dialect.forUpdate())),
                    settings.resolve("""
                            SELECT TENANT, APP, USER_ID, SESSION_ID, %s FROM ${prefix}SESSIONS WHERE ID = ? %s
                            """.formatted(columns, dialect.forUpdate())),
                    settings.resolve("""
                            SELECT %s FROM ${prefix}SESSIONS WHERE %s AND (EXPIRES_AT IS NULL OR EXPIRES_AT > ?)
                            """.formatted(columns, REF_MATCHES)),
                    settings.resolve("""
                            SELECT ID FROM ${prefix}SESSIONS WHERE %s AND EXPIRES_AT IS NOT NULL AND EXPIRES_AT <= ? %s
                            """.formatted(REF_MATCHES, dialect.forUpdate())),
                    settings.resolve("""
                            INSERT INTO ${prefix}SESSIONS (REF_HASH, APP_HASH, USER_HASH, TENANT, APP, USER_ID,
                                SESSION_ID, STATUS, METADATA_JSON, FLOW_JSON, EVENT_COUNT, VERSION, CREATED_AT,
                                UPDATED_AT, EXPIRES_AT, INITIAL_STATE_JSON)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 1, ?, ?, ?, ?)
                            """),
                    settings.resolve("""
                            UPDATE ${prefix}SESSIONS SET VERSION = ?, EVENT_COUNT = ?, UPDATED_AT = ?, EXPIRES_AT = ?
                            WHERE ID = ?
                            """),
                    settings.resolve("""
                            UPDATE ${prefix}SESSIONS SET VERSION = ?, EVENT_COUNT = ?, UPDATED_AT = ?, EXPIRES_AT = ?,
                                REWOUND_JSON = ?
                            WHERE ID = ?
                            """),
                    settings.resolve("SELECT INITIAL_STATE_JSON FROM ${prefix}SESSIONS WHERE ID = ?"),
                    settings.resolve("""
                            UPDATE ${prefix}SESSIONS SET FLOW_JSON = ?, VERSION = ?, UPDATED_AT = ?, EXPIRES_AT = ?
                            WHERE ID = ?
                            """),
                    settings.resolve("""
                            UPDATE ${prefix}SESSIONS SET METADATA_JSON = ?, VERSION = ?, UPDATED_AT = ?, EXPIRES_AT = ?
                            WHERE ID = ?
                            """),
                    settings.resolve("UPDATE ${prefix}SESSIONS SET STATUS = ?, VERSION = VERSION + 1 WHERE ID = ?"),
                    settings.resolve("""
                            UPDATE ${prefix}SESSIONS SET STATUS = ?, VERSION = VERSION + 1
                            WHERE STATUS = ? AND UPDATED_AT < ? AND (EXPIRES_AT IS NULL OR EXPIRES_AT > ?)
                            """),
                    settings.resolve("""
                            SELECT ID FROM ${prefix}SESSIONS WHERE APP_HASH = ? AND TENANT = ? AND APP = ?
                            ORDER BY ID LIMIT ? %s
                            """.formatted(dialect.forUpdate())),
                    settings.resolve("""
                            SELECT ID FROM ${prefix}SESSIONS WHERE TENANT = ? AND USER_ID = ? ORDER BY ID LIMIT ? %s
                            """.formatted(dialect.forUpdate())),
                    settings.resolve("""
                            SELECT APP, SESSION_ID FROM ${prefix}SESSIONS
                            WHERE TENANT = ? AND USER_ID = ? AND (EXPIRES_AT IS NULL OR EXPIRES_AT > ?)
                            """),
                    settings.resolve("""
                            SELECT ID FROM ${prefix}SESSIONS WHERE EXPIRES_AT <= ? ORDER BY EXPIRES_AT, ID LIMIT ? %s
                            """.formatted(dialect.forUpdateSkipLocked())),
                    settings.resolve("DELETE FROM ${prefix}SESSIONS WHERE ID IN (:ids)"));
        }
    }
}
