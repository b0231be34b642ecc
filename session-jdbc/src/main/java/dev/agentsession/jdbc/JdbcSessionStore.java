package dev.agentsession.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.SessionSummary;
import dev.agentsession.StaleSessionException;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.AppendCommand;
import dev.agentsession.store.CreateCommand;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.PageCursor;
import dev.agentsession.store.RegisterWaitCommand;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.StateCommand;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A {@link SessionStore} and {@link WaitStore} in the tables of a {@link DataSource} (H2, SQLite, PostgreSQL,
 * MySQL/MariaDB).
 *
 * <p>Every write is one transaction that starts by locking the session row ({@code SELECT ... FOR UPDATE};
 * on SQLite a no-op {@code UPDATE} takes the database write lock first), so writers of one session are
 * serialized and writers of different sessions are not. An append runs a constant number of statements,
 * whatever the history length: lock and read the session row, look up the batch's event ids (one
 * {@code IN} query), insert the new events (one batch), apply the state deltas (one upsert batch and one
 * delete batch per scope at most), advance the session row, and read the merged state back. Events are
 * never rewritten and the session is never read-modified-written as a whole.
 *
 * <p>Reads filter out sessions whose {@code EXPIRES_AT} is not after the read time;
 * {@link #deleteExpired(Instant, int)} removes them in bounded batches and may run on several nodes at once.
 * Times are stored as epoch microseconds. Connection and SQL failures surface as
 * {@link SessionStoreUnavailableException}; a transaction that loses a lock conflict (deadlock, busy) first
 * runs again as a whole, after a short exponential backoff with jitter ({@link RetryingTransactions}).
 *
 * <p>Waits live in the {@code WAITS} table, one row per (tenant, app, user, reply scope) under a SHA-256 key of
 * those parts. Registering a wait locks the session row, saves the flow state on it and upserts the wait in one
 * transaction. A claim locks the wait row ({@code SELECT ... FOR UPDATE}; on SQLite the database write lock),
 * deletes it and returns it only if the delete removed it, so exactly one of concurrent claims receives it.
 * Deleting or archiving a session deletes its waits in the same transaction.
 */
public final class JdbcSessionStore implements SessionStore, WaitStore {

    /** The longest state key the state tables hold, in characters. */
    public static final int MAX_STATE_KEY_LENGTH = 512;

    private static final int DELETE_ALL_BATCH = 500;

    private static final String TABLES_MISSING = "JDBC tables %s missing; set agent.session.jdbc.initialize-schema"
            + "=always or run %s (table prefix '%s')";

    private static final int MAX_LOOKUPS_PER_STATEMENT = 400;

    private final DataSource dataSource;

    private final JdbcTemplate jdbc;

    private final RetryingTransactions transactions;

    private final JdbcStoreSettings settings;

    private final SessionCodec codec;

    private final JdbcScopedStore documents;

    private final SingletonSupplier<JdbcDialect> dialect;

    private final String sessionColumns;

    private final String refMatches;

    private final String waitColumns;

    /**
     * Creates a store whose transactions run on a {@link DataSourceTransactionManager} of the data source.
     * @param dataSource the database
     * @param settings the table prefix and dialect
     * @param codec the JSON form of stored values
     */
    public JdbcSessionStore(DataSource dataSource, JdbcStoreSettings settings, SessionCodec codec) {
        this(dataSource, new DataSourceTransactionManager(dataSource), settings, codec);
    }

    /**
     * Creates a store.
     * @param dataSource the database
     * @param transactionManager a transaction manager of that data source
     * @param settings the table prefix and dialect (a built-in one detected on first use when not set)
     * @param codec the JSON form of stored values
     */
    public JdbcSessionStore(DataSource dataSource, PlatformTransactionManager transactionManager,
            JdbcStoreSettings settings, SessionCodec codec) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        Objects.requireNonNull(transactionManager, "transactionManager must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = RetryingTransactions.onLockConflicts(transactionManager);
        // Detected on first use, so that a store can be created before its database is up.
        this.dialect = SingletonSupplier.of(() -> settings.dialectOf(this.dataSource));
        this.documents = new JdbcScopedStore(this.jdbc, codec, settings, this.dialect);
        this.sessionColumns = """
                ID, STATUS, METADATA_JSON, FLOW_JSON, EVENT_COUNT, VERSION, CREATED_AT, UPDATED_AT, EXPIRES_AT\
                """;
        this.refMatches = """
                REF_HASH = ? AND TENANT = ? AND APP = ? AND USER_ID = ? AND SESSION_ID = ?\
                """;
        this.waitColumns = """
                TENANT, APP, USER_ID, SESSION_ID, CHANNEL, CONVERSATION, THREAD, FLOW_JSON, PAYLOAD_JSON, \
                CREATED_AT, EXPIRES_AT\
                """;
    }

    @Override
    public String type() {
        return "jdbc";
    }

    /**
     * The SQL dialect, the settings' one or else the built-in one detected from the first connection.
     * @return the dialect
     */
    public JdbcDialect dialect() {
        return this.dialect.obtain();
    }

    /**
     * The settings this store runs with.
     * @return the settings
     */
    public JdbcStoreSettings settings() {
        return this.settings;
    }

    // --- writes ------------------------------------------------------------------------------------------

    @Override
    public AgentSession create(CreateCommand command) {
        SessionRef ref = command.ref();
        requireStateKeys(command.state());
        String metadata = this.codec.writeValue(command.metadata());
        return this.transactions.write("create a session", () -> {
            lockDatabase();
            // An expired session that cleanup has not removed yet gives way to the new one.
            List<Long> expired = this.jdbc.queryForList(sql("""
                    SELECT ID FROM ${prefix}SESSIONS WHERE %s AND EXPIRES_AT IS NOT NULL AND EXPIRES_AT <= ? %s
                    """.formatted(this.refMatches, dialect().forUpdate())), Long.class,
                    refArgs(ref, EpochMicros.of(command.now())));
            purge(expired);
            try {
                this.jdbc.update(sql("""
                        INSERT INTO ${prefix}SESSIONS (REF_HASH, APP_HASH, USER_HASH, TENANT, APP, USER_ID, SESSION_ID,
                            STATUS, METADATA_JSON, FLOW_JSON, EVENT_COUNT, VERSION, CREATED_AT, UPDATED_AT, EXPIRES_AT)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, 1, ?, ?, ?)
                        """), KeyHashes.session(ref), KeyHashes.app(ref), KeyHashes.user(ref), ref.tenant(),
                        ref.app(), ref.userId(), ref.sessionId(), SessionStatus.ACTIVE.name(), metadata,
                        EpochMicros.of(command.now()), EpochMicros.of(command.now()), EpochMicros.ofNullable(command.expiresAt()));
            }
            catch (DataAccessException ex) {
                if (JdbcErrors.isUniqueViolation(ex)) {
                    throw new SessionAlreadyExistsException(ref);
                }
                throw ex;
            }
            long pk = this.jdbc.queryForObject(sql("SELECT ID FROM ${prefix}SESSIONS WHERE REF_HASH = ?"),
                    Long.class, (Object) KeyHashes.session(ref));
            applyState(ref, pk, command.state());
            Map<String, Object> state = readState(ref, pk);
            return new AgentSession(ref, SessionStatus.ACTIVE, command.metadata(), state, null, List.of(), 0, 1,
                    command.now(), command.now(), command.expiresAt());
        });
    }

    @Override
    public AgentSession append(AppendCommand command) {
        SessionRef ref = command.ref();
        StateChanges allChanges = StateChanges
            .ofAll(command.events().stream().map(SessionEvent::stateDelta).toList());
        requireStateKeys(allChanges);
        return this.transactions.write("append to a session", () -> {
            SessionRow row = lockLive(ref, command.now());
            requireActive(ref, row);
            Map<String, SessionEvent> stored = storedEvents(ref, row.pk(),
                    command.events().stream().map(SessionEvent::id).toList());
            List<SessionEvent> result = new ArrayList<>(command.events().size());
            List<SessionEvent> added = new ArrayList<>(command.events().size());
            for (SessionEvent event : command.events()) {
                SessionEvent existing = stored.get(event.id());
                if (existing != null) {
                    result.add(existing);
                }
                else {
                    SessionEvent numbered = event.withSeq(row.eventCount() + added.size() + 1);
                    added.add(numbered);
                    result.add(numbered);
                }
            }
            if (added.isEmpty()) {
                return toSession(row, ref, readState(ref, row.pk()), result);
            }
            requireVersion(ref, row, command.expectedVersion());
            this.jdbc.batchUpdate(sql("""
                    INSERT INTO ${prefix}EVENTS (SESSION_PK, SEQ, EVENT_ID, TS, EVENT_JSON) VALUES (?, ?, ?, ?, ?)
                    """), added.stream()
                .map((event) -> new Object[] { row.pk(), event.seq(), event.id(), EpochMicros.of(event.timestamp()),
                        this.codec.writeEvent(event) })
                .toList());
            applyState(ref, row.pk(),
                    StateChanges.ofAll(added.stream().map(SessionEvent::stateDelta).toList()));
            SessionRow updated = touch(row, added.size(), command.now(), command.expiresAt());
            return toSession(updated, ref, readState(ref, row.pk()), result);
        });
    }

    @Override
    public AgentSession updateState(StateCommand command) {
        SessionRef ref = command.ref();
        requireStateKeys(command.changes());
        return this.transactions.write("update session state", () -> {
            SessionRow row = lockLive(ref, command.now());
            requireActive(ref, row);
            requireVersion(ref, row, command.expectedVersion());
            applyState(ref, row.pk(), command.changes());
            SessionRow updated = touch(row, 0, command.now(), command.expiresAt());
            return toSession(updated, ref, readState(ref, row.pk()), List.of());
        });
    }

    @Override
    public boolean archive(SessionRef ref, Instant now) {
        Objects.requireNonNull(ref, "ref must not be null");
        return this.transactions.write("archive a session", () -> {
            SessionRow row = lock(ref);
            if (row == null || row.isExpired(EpochMicros.of(now))) {
                return false;
            }
            if (row.status() == SessionStatus.ACTIVE) {
                this.jdbc.update(sql("""
                        UPDATE ${prefix}SESSIONS SET STATUS = ?, VERSION = VERSION + 1 WHERE ID = ?
                        """), SessionStatus.ARCHIVED.name(), row.pk());
                this.jdbc.update(sql("DELETE FROM ${prefix}WAITS WHERE SESSION_PK = ?"), row.pk());
            }
            return true;
        });
    }

    @Override
    public int archiveInactive(Instant updatedBefore, Instant now) {
        Objects.requireNonNull(updatedBefore, "updatedBefore must not be null");
        Objects.requireNonNull(now, "now must not be null");
        return this.transactions.write("archive inactive sessions", () -> {
            int archived = this.jdbc.update(sql("""
                    UPDATE ${prefix}SESSIONS SET STATUS = ?, VERSION = VERSION + 1
                    WHERE STATUS = ? AND UPDATED_AT < ? AND (EXPIRES_AT IS NULL OR EXPIRES_AT > ?)
                    """), SessionStatus.ARCHIVED.name(), SessionStatus.ACTIVE.name(), EpochMicros.of(updatedBefore),
                    EpochMicros.of(now));
            if (archived > 0) {
                // Archived sessions never hold waits (archive deletes them, registerWait refuses), so this only
                // reaches the sessions just archived; their rows stay locked until the commit.
                this.jdbc.update(sql("""
                        DELETE FROM ${prefix}WAITS WHERE SESSION_PK IN (
                            SELECT ID FROM ${prefix}SESSIONS WHERE STATUS = ? AND UPDATED_AT < ?)
                        """), SessionStatus.ARCHIVED.name(), EpochMicros.of(updatedBefore));
            }
            return archived;
        });
    }

    @Override
    public boolean delete(SessionRef ref) {
        Objects.requireNonNull(ref, "ref must not be null");
        return this.transactions.write("delete a session", () -> {
            SessionRow row = lock(ref);
            if (row == null) {
                return false;
            }
            purge(List.of(row.pk()));
            return true;
        });
    }

    @Override
    public int deleteAll(String tenant, String app) {
        byte[] appHash = KeyHashes.app(tenant, app);
        int deleted = 0;
        int batch;
        do {
            batch = this.transactions.write("delete an app's sessions", () -> {
                lockDatabase();
                List<Long> ids = this.jdbc.queryForList(sql("""
                        SELECT ID FROM ${prefix}SESSIONS WHERE APP_HASH = ? AND TENANT = ? AND APP = ?
                        ORDER BY ID LIMIT ? %s
                        """.formatted(dialect().forUpdate())), Long.class, appHash, tenant, app, DELETE_ALL_BATCH);
                return purge(ids);
            });
            deleted += batch;
        }
        while (batch == DELETE_ALL_BATCH);
        this.transactions.write("delete an app's state", () -> {
            lockDatabase();
            this.jdbc.update(sql("DELETE FROM ${prefix}USER_STATE WHERE APP_HASH = ?"), (Object) appHash);
            return this.jdbc.update(sql("DELETE FROM ${prefix}APP_STATE WHERE APP_HASH = ?"), (Object) appHash);
        });
        return deleted;
    }

    /**
     * Deletes expired sessions with their events, state and waits, one transaction per batch of at most
     * {@code batchSize} sessions, until no expired session is left; then expired waits of live sessions the
     * same way, at most {@code batchSize} waits per transaction. Safe to run on several nodes at the same
     * moment: each batch locks the rows it deletes and skips rows another node holds
     * ({@code FOR UPDATE SKIP LOCKED}; SQLite serializes writers), so nodes neither deadlock nor fail on
     * each other's work.
     * @param now the current time; sessions and waits whose expiry is not after it are deleted
     * @param batchSize the most sessions (or waits) deleted per transaction
     * @return how many sessions were deleted
     */
    public int deleteExpired(Instant now, int batchSize) {
        Objects.requireNonNull(now, "now must not be null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        long nowMicros = EpochMicros.of(now);
        int deleted = 0;
        while (true) {
            int[] batch = this.transactions.write("delete expired sessions", () -> {
                lockDatabase();
                List<Long> ids = this.jdbc.queryForList(sql("""
                        SELECT ID FROM ${prefix}SESSIONS WHERE EXPIRES_AT <= ? ORDER BY EXPIRES_AT, ID LIMIT ? %s
                        """.formatted(dialect().forUpdateSkipLocked())), Long.class, nowMicros, batchSize);
                return new int[] { ids.size(), purge(ids) };
            });
            deleted += batch[1];
            if (batch[0] < batchSize) {
                break;
            }
        }
        while (true) {
            int found = this.transactions.write("delete expired waits", () -> {
                lockDatabase();
                List<byte[]> keys = this.jdbc.queryForList(sql("""
                        SELECT WAIT_HASH FROM ${prefix}WAITS WHERE EXPIRES_AT <= ? ORDER BY EXPIRES_AT LIMIT ? %s
                        """.formatted(dialect().forUpdateSkipLocked())), byte[].class, nowMicros, batchSize);
                if (!keys.isEmpty()) {
                    String in = keys.stream().map((key) -> "?").collect(Collectors.joining(", "));
                    this.jdbc.update(sql("DELETE FROM ${prefix}WAITS WHERE WAIT_HASH IN (" + in + ")"),
                            keys.toArray());
                }
                return keys.size();
            });
            if (found < batchSize) {
                return deleted;
            }
        }
    }

    // --- waits -------------------------------------------------------------------------------------------

    /**
     * Registers a wait in one transaction: locks the session row (it must be live and active), saves the flow
     * state on it with a new version, update time and expiry, and upserts the wait row, replacing any wait of
     * the same user and reply scope.
     */
    @Override
    public SessionWait registerWait(RegisterWaitCommand command) {
        Objects.requireNonNull(command, "command must not be null");
        SessionWait wait = command.sessionWait();
        SessionRef ref = wait.session();
        WaitKey key = wait.key();
        String flow = this.codec.writeFlow(wait.flow());
        JsonNode payload = wait.payload();
        String payloadJson = (payload != null) ? this.codec.mapper().writeValueAsString(payload) : null;
        return this.transactions.write("register a wait", () -> {
            SessionRow row = lockLive(ref, wait.createdAt());
            requireActive(ref, row);
            this.jdbc.update(sql("""
                    UPDATE ${prefix}SESSIONS SET FLOW_JSON = ?, VERSION = ?, UPDATED_AT = ?, EXPIRES_AT = ? WHERE ID = ?
                    """), flow, row.version() + 1, EpochMicros.of(wait.createdAt()), EpochMicros.ofNullable(command.sessionExpiresAt()),
                    row.pk());
            this.jdbc.update(dialect().upsert(sql("${prefix}WAITS"), List.of("WAIT_HASH"),
                    List.of("USER_HASH", "SESSION_PK", "TENANT", "APP", "USER_ID", "SESSION_ID", "CHANNEL",
                            "CONVERSATION", "THREAD", "FLOW_JSON", "PAYLOAD_JSON", "CREATED_AT", "EXPIRES_AT")),
                    KeyHashes.wait(key), KeyHashes.user(ref), row.pk(), ref.tenant(), ref.app(), ref.userId(),
                    ref.sessionId(), key.scope().channel(), key.scope().conversation(), key.scope().thread(), flow,
                    payloadJson, EpochMicros.of(wait.createdAt()), EpochMicros.of(wait.expiresAt()));
            return wait;
        });
    }

    @Override
    public Optional<SessionWait> findWait(WaitKey key, Instant now) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(now, "now must not be null");
        return JdbcErrors.call("read a wait", () -> {
            List<SessionWait> found = this.jdbc.query(sql("""
                    SELECT %s FROM ${prefix}WAITS WHERE %s AND EXPIRES_AT > ?
                    """.formatted(this.waitColumns, waitMatches(key))), this::mapWait, waitArgs(key, EpochMicros.of(now)));
            return found.stream().findFirst();
        });
    }

    @Override
    public List<SessionWait> listWaits(String tenant, String app, String userId, Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        return JdbcErrors.call("list waits", () -> this.jdbc.query(sql("""
                SELECT %s FROM ${prefix}WAITS
                WHERE USER_HASH = ? AND TENANT = ? AND APP = ? AND USER_ID = ? AND EXPIRES_AT > ?
                ORDER BY CREATED_AT, WAIT_HASH
                """.formatted(this.waitColumns)), this::mapWait, KeyHashes.user(tenant, app, userId), tenant, app,
                userId, EpochMicros.of(now)));
    }

    @Override
    public boolean clearWait(WaitKey key, Instant now) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(now, "now must not be null");
        return this.transactions.write("clear a wait", () -> this.jdbc.update(sql("""
                DELETE FROM ${prefix}WAITS WHERE %s AND EXPIRES_AT > ?
                """.formatted(waitMatches(key))), waitArgs(key, EpochMicros.of(now))) > 0);
    }

    /**
     * Claims a wait in one transaction: locks and reads the live wait row ({@code SELECT ... FOR UPDATE}; on
     * SQLite the database write lock is taken first), then deletes it. The wait is returned only if this
     * transaction's delete removed the row, so of concurrent claims exactly one receives it, whatever the
     * database's isolation level.
     */
    @Override
    public Optional<SessionWait> claimWait(WaitKey key, Instant now) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(now, "now must not be null");
        long nowMicros = EpochMicros.of(now);
        return this.transactions.write("claim a wait", () -> {
            lockDatabase();
            List<SessionWait> found = this.jdbc.query(sql("""
                    SELECT %s FROM ${prefix}WAITS WHERE %s AND EXPIRES_AT > ? %s
                    """.formatted(this.waitColumns, waitMatches(key), dialect().forUpdate())), this::mapWait,
                    waitArgs(key, nowMicros));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            int deleted = this.jdbc.update(sql("""
                    DELETE FROM ${prefix}WAITS WHERE %s AND EXPIRES_AT > ?
                    """.formatted(waitMatches(key))), waitArgs(key, nowMicros));
            return (deleted == 1) ? Optional.of(found.get(0)) : Optional.empty();
        });
    }

    // --- reads -------------------------------------------------------------------------------------------

    @Override
    public Optional<AgentSession> find(SessionRef ref, EventWindow window, Instant now) {
        Objects.requireNonNull(ref, "ref must not be null");
        Objects.requireNonNull(window, "window must not be null");
        return JdbcErrors.call("read a session", () -> {
            SessionRow row = readLive(ref, now);
            if (row == null) {
                return Optional.empty();
            }
            List<SessionEvent> events = window.includeEvents() ? readWindow(ref, row, window) : List.of();
            return Optional.of(toSession(row, ref, readState(ref, row.pk()), events));
        });
    }

    @Override
    public List<SessionEvent> events(SessionRef ref, long fromSeq, int limit, Instant now) {
        Objects.requireNonNull(ref, "ref must not be null");
        return JdbcErrors.call("read session events", () -> {
            SessionRow row = readLive(ref, now);
            if (row == null) {
                throw new SessionNotFoundException(ref);
            }
            return this.jdbc.query(sql("""
                    SELECT SEQ, EVENT_JSON FROM ${prefix}EVENTS WHERE SESSION_PK = ? AND SEQ >= ? AND SEQ <= ?
                    ORDER BY SEQ LIMIT ?
                    """), eventMapper(ref), row.pk(), fromSeq, row.eventCount(), limit);
        });
    }

    /**
     * Pages with a keyset on {@code (UPDATED_AT, USER_ID, SESSION_ID)} descending, served by the index on
     * {@code (APP_HASH, UPDATED_AT, USER_ID, SESSION_ID)}, or on {@code (USER_HASH, UPDATED_AT, SESSION_ID)}
     * when the query names a user. Never reads events or state.
     */
    @Override
    public List<SessionSummary> list(SessionQuery query, @Nullable PageCursor after, int limit, Instant now) {
        Objects.requireNonNull(query, "query must not be null");
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>();
        String order;
        if (query.userId() != null) {
            where.append("USER_HASH = ? AND TENANT = ? AND APP = ? AND USER_ID = ?");
            args.addAll(List.of(KeyHashes.user(query.tenant(), query.app(), query.userId()), query.tenant(),
                    query.app(), query.userId()));
            order = "UPDATED_AT DESC, SESSION_ID DESC";
            if (after != null) {
                if (!after.userId().equals(query.userId())) {
                    throw new IllegalArgumentException("pageToken belongs to another user's listing");
                }
                where.append(" AND UPDATED_AT <= ? AND (UPDATED_AT < ? OR SESSION_ID < ?)");
                args.addAll(List.of(after.updatedAtMicros(), after.updatedAtMicros(), after.sessionId()));
            }
        }
        else {
            where.append("APP_HASH = ? AND TENANT = ? AND APP = ?");
            args.addAll(List.of(KeyHashes.app(query.tenant(), query.app()), query.tenant(), query.app()));
            order = "UPDATED_AT DESC, USER_ID DESC, SESSION_ID DESC";
            if (after != null) {
                where.append(" AND UPDATED_AT <= ? AND (UPDATED_AT < ? OR USER_ID < ? OR (USER_ID = ? AND SESSION_ID < ?))");
                args.addAll(List.of(after.updatedAtMicros(), after.updatedAtMicros(), after.userId(),
                        after.userId(), after.sessionId()));
            }
        }
        if (query.status() != null) {
            where.append(" AND STATUS = ?");
            args.add(query.status().name());
        }
        if (query.updatedBefore() != null) {
            where.append(" AND UPDATED_AT < ?");
            args.add(EpochMicros.of(query.updatedBefore()));
        }
        if (query.updatedAfter() != null) {
            where.append(" AND UPDATED_AT > ?");
            args.add(EpochMicros.of(query.updatedAfter()));
        }
        where.append(" AND (EXPIRES_AT IS NULL OR EXPIRES_AT > ?)");
        args.add(EpochMicros.of(now));
        args.add(limit);
        String select = sql("""
                SELECT TENANT, APP, USER_ID, SESSION_ID, %s FROM ${prefix}SESSIONS
                WHERE %s
                ORDER BY %s LIMIT ?
                """.formatted(this.sessionColumns, where, order));
        return JdbcErrors.call("list sessions", () -> this.jdbc.query(select, (rs, rowNum) -> {
            SessionRef ref = new SessionRef(rs.getString("TENANT"), rs.getString("APP"), rs.getString("USER_ID"),
                    rs.getString("SESSION_ID"));
            SessionRow row = SessionRow.map(rs);
            return new SessionSummary(ref, row.status(), row.metadata(this.codec, ref), row.eventCount(),
                    row.version(), EpochMicros.toInstant(row.createdAt()), EpochMicros.toInstant(row.updatedAt()),
                    EpochMicros.toInstantOrNull(row.expiresAt()));
        }, args.toArray()));
    }

    @Override
    public ScopedStore documents() {
        return this.documents;
    }

    /**
     * Checks that the database answers and that the store's tables exist.
     * @throws SessionStoreUnavailableException if the database cannot be reached or a table is missing, with
     * a message saying how to create the tables
     */
    @Override
    public void ping() {
        JdbcDialect resolved = JdbcErrors.call("reach the database", this::dialect);
        List<String> missing = new ArrayList<>();
        try (Connection connection = this.dataSource.getConnection()) {
            for (String table : List.of("SESSIONS", "EVENTS", "SESSION_STATE", "USER_STATE", "APP_STATE",
                    "DOCUMENTS", "WAITS")) {
                String name = this.settings.tablePrefix() + table;
                try (Statement statement = connection.createStatement()) {
                    statement.executeQuery("SELECT 1 FROM " + name + " WHERE 1 = 0").close();
                }
                catch (SQLException ex) {
                    if (!connection.isValid(5)) {
                        throw ex;
                    }
                    missing.add(name);
                    if (!connection.getAutoCommit()) {
                        connection.rollback();
                    }
                }
            }
        }
        catch (SQLException ex) {
            throw JdbcErrors.unavailable("reach the database", ex);
        }
        if (!missing.isEmpty()) {
            throw new SessionStoreUnavailableException(TABLES_MISSING.formatted(String.join(", ", missing),
                    resolved.schemaScript(), this.settings.tablePrefix()), null);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private String sql(String text) {
        return this.settings.resolve(text);
    }

    /**
     * Where the dialect asks for it (SQLite), takes the database write lock before the transaction reads
     * anything.
     */
    private void lockDatabase() {
        String writeLock = dialect().writeLockStatement(this.settings.sessionsTable());
        if (writeLock != null) {
            this.jdbc.update(writeLock);
        }
    }

    private @Nullable SessionRow lock(SessionRef ref) {
        lockDatabase();
        List<SessionRow> rows = this.jdbc.query(sql("SELECT %s FROM ${prefix}SESSIONS WHERE %s %s"
            .formatted(this.sessionColumns, this.refMatches, dialect().forUpdate())), (rs, rowNum) -> SessionRow.map(rs),
                refArgs(ref));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private SessionRow lockLive(SessionRef ref, Instant now) {
        SessionRow row = lock(ref);
        if (row == null || row.isExpired(EpochMicros.of(now))) {
            throw new SessionNotFoundException(ref);
        }
        return row;
    }

    private @Nullable SessionRow readLive(SessionRef ref, Instant now) {
        List<SessionRow> rows = this.jdbc.query(sql("""
                SELECT %s FROM ${prefix}SESSIONS WHERE %s AND (EXPIRES_AT IS NULL OR EXPIRES_AT > ?)
                """.formatted(this.sessionColumns, this.refMatches)), (rs, rowNum) -> SessionRow.map(rs),
                refArgs(ref, EpochMicros.of(now)));
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * The condition on the wait row of a key: its hash and every real column, the thread as present or absent.
     */
    private static String waitMatches(WaitKey key) {
        return "WAIT_HASH = ? AND TENANT = ? AND APP = ? AND USER_ID = ? AND CHANNEL = ? AND CONVERSATION = ? AND "
                + ((key.scope().thread() != null) ? "THREAD = ?" : "THREAD IS NULL");
    }

    private static Object[] waitArgs(WaitKey key, Object... more) {
        List<Object> args = new ArrayList<>(List.of(KeyHashes.wait(key), key.tenant(), key.app(), key.userId(),
                key.scope().channel(), key.scope().conversation()));
        if (key.scope().thread() != null) {
            args.add(key.scope().thread());
        }
        args.addAll(List.of(more));
        return args.toArray();
    }

    private SessionWait mapWait(ResultSet rs, int rowNum) throws SQLException {
        SessionRef ref = new SessionRef(rs.getString("TENANT"), rs.getString("APP"), rs.getString("USER_ID"),
                rs.getString("SESSION_ID"));
        ReplyScope scope = new ReplyScope(rs.getString("CHANNEL"), rs.getString("CONVERSATION"),
                rs.getString("THREAD"));
        FlowState flow = this.codec.readFlow(ref, Objects.requireNonNull(rs.getString("FLOW_JSON")));
        String payloadJson = rs.getString("PAYLOAD_JSON");
        JsonNode payload = null;
        if (payloadJson != null) {
            try {
                payload = this.codec.mapper().readTree(payloadJson);
            }
            catch (JacksonException ex) {
                throw new SessionDataCorruptedException(ref, "wait payload", ex);
            }
        }
        return new SessionWait(ref, scope, flow, payload, EpochMicros.toInstant(rs.getLong("CREATED_AT")),
                EpochMicros.toInstant(rs.getLong("EXPIRES_AT")));
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

    private static void requireActive(SessionRef ref, SessionRow row) {
        if (row.status() == SessionStatus.ARCHIVED) {
            throw new SessionArchivedException(ref);
        }
    }

    private static void requireVersion(SessionRef ref, SessionRow row, @Nullable Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != row.version()) {
            throw new StaleSessionException(ref, expectedVersion, row.version());
        }
    }

    private static void requireStateKeys(StateChanges changes) {
        for (Map<String, @Nullable Object> scope : List.of(changes.session(), changes.user(), changes.app())) {
            for (String key : scope.keySet()) {
                if (key.isEmpty() || key.length() > MAX_STATE_KEY_LENGTH) {
                    throw new IllegalArgumentException("State key must be 1 to " + MAX_STATE_KEY_LENGTH
                            + " characters long in the JDBC store, was " + key.length());
                }
            }
        }
    }

    /**
     * The stored events among the given ids, in one query.
     */
    private Map<String, SessionEvent> storedEvents(SessionRef ref, long pk, List<String> ids) {
        // One lookup per id joined by UNION ALL: each uses the (session, event id) unique index on every
        // platform, where H2 answers "EVENT_ID IN (...)" by scanning the whole session's events. SQLite allows
        // 500 terms in one compound select, hence the chunks (one statement for any usual batch).
        String lookup = sql("SELECT SEQ, EVENT_JSON FROM ${prefix}EVENTS WHERE SESSION_PK = ? AND EVENT_ID = ?");
        Map<String, SessionEvent> byId = new HashMap<>();
        for (int from = 0; from < ids.size(); from += MAX_LOOKUPS_PER_STATEMENT) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_LOOKUPS_PER_STATEMENT));
            List<Object> args = new ArrayList<>(2 * chunk.size());
            chunk.forEach((id) -> {
                args.add(pk);
                args.add(id);
            });
            String query = String.join(" UNION ALL ", Collections.nCopies(chunk.size(), lookup));
            this.jdbc.query(query, eventMapper(ref), args.toArray()).forEach((event) -> byId.put(event.id(), event));
        }
        return byId;
    }

    private List<SessionEvent> readWindow(SessionRef ref, SessionRow row, EventWindow window) {
        StringBuilder select = new StringBuilder(sql("""
                SELECT SEQ, EVENT_JSON FROM ${prefix}EVENTS WHERE SESSION_PK = ? AND SEQ > ? AND SEQ <= ?\
                """));
        List<Object> args = new ArrayList<>(List.of(row.pk(), window.afterSeq(), row.eventCount()));
        if (window.after() != null) {
            select.append(" AND TS > ?");
            args.add(EpochMicros.of(window.after()));
        }
        if (window.recentCount().isPresent()) {
            select.append(" ORDER BY SEQ DESC LIMIT ?");
            args.add(window.recentCount().getAsInt());
            List<SessionEvent> newestFirst = new ArrayList<>(
                    this.jdbc.query(select.toString(), eventMapper(ref), args.toArray()));
            Collections.reverse(newestFirst);
            return newestFirst;
        }
        select.append(" ORDER BY SEQ");
        return this.jdbc.query(select.toString(), eventMapper(ref), args.toArray());
    }

    private RowMapper<SessionEvent> eventMapper(SessionRef ref) {
        return (rs, rowNum) -> {
            long seq = rs.getLong("SEQ");
            SessionEvent event = this.codec.readEvent(ref, Objects.requireNonNull(rs.getString("EVENT_JSON")));
            return (event.seq() != seq) ? event.withSeq(seq) : event;
        };
    }

    /**
     * Applies state changes: per scope one batch of upserts and one batch of deletes, each only if needed.
     */
    private void applyState(SessionRef ref, long pk, StateChanges changes) {
        byte[] userHash = KeyHashes.user(ref);
        byte[] appHash = KeyHashes.app(ref);
        applyScope(changes.session(), "SESSION_STATE", "SESSION_PK", pk, List.of(), List.of());
        applyScope(changes.user(), "USER_STATE", "USER_HASH", userHash, List.of("APP_HASH"), List.of(appHash));
        applyScope(changes.app(), "APP_STATE", "APP_HASH", appHash, List.of(), List.of());
    }

    private void applyScope(Map<String, @Nullable Object> changes, String table, String ownerColumn, Object owner,
            List<String> extraColumns, List<Object> extraValues) {
        List<Object[]> upserts = new ArrayList<>();
        List<Object[]> deletes = new ArrayList<>();
        changes.forEach((key, value) -> {
            if (value == null) {
                deletes.add(new Object[] { owner, key });
            }
            else {
                List<Object> row = new ArrayList<>(List.of(owner, key));
                row.addAll(extraValues);
                row.add(this.codec.writeValue(value));
                upserts.add(row.toArray());
            }
        });
        String tableName = sql("${prefix}" + table);
        if (!upserts.isEmpty()) {
            List<String> values = new ArrayList<>(extraColumns);
            values.add("VALUE_JSON");
            this.jdbc.batchUpdate(dialect().upsert(tableName, List.of(ownerColumn, "STATE_KEY"), values), upserts);
        }
        if (!deletes.isEmpty()) {
            this.jdbc.batchUpdate("DELETE FROM " + tableName + " WHERE " + ownerColumn + " = ? AND STATE_KEY = ?",
                    deletes);
        }
    }

    /**
     * The merged state of a session, its app and its user, in one query.
     */
    private Map<String, Object> readState(SessionRef ref, long pk) {
        Map<String, Object> app = new LinkedHashMap<>();
        Map<String, Object> user = new LinkedHashMap<>();
        Map<String, Object> session = new LinkedHashMap<>();
        this.jdbc.query(sql("""
                SELECT 'A' AS SCOPE, STATE_KEY, VALUE_JSON FROM ${prefix}APP_STATE WHERE APP_HASH = ?
                UNION ALL SELECT 'U' AS SCOPE, STATE_KEY, VALUE_JSON FROM ${prefix}USER_STATE WHERE USER_HASH = ?
                UNION ALL SELECT 'S' AS SCOPE, STATE_KEY, VALUE_JSON FROM ${prefix}SESSION_STATE WHERE SESSION_PK = ?
                """), (ResultSet rs) -> {
            String scope = rs.getString(1);
            String key = rs.getString(2);
            Object value = this.codec.normalize(key,
                    this.codec.readValue(ref, "state value '" + key + "'", Objects.requireNonNull(rs.getString(3))));
            switch (scope) {
                case "A" -> app.put(key, value);
                case "U" -> user.put(key, value);
                default -> session.put(key, value);
            }
        }, KeyHashes.app(ref), KeyHashes.user(ref), pk);
        return StateChanges.merge(app, user, session);
    }

    private SessionRow touch(SessionRow row, int added, Instant now, @Nullable Instant expiresAt) {
        this.jdbc.update(sql("""
                UPDATE ${prefix}SESSIONS SET VERSION = ?, EVENT_COUNT = ?, UPDATED_AT = ?, EXPIRES_AT = ? WHERE ID = ?
                """), row.version() + 1, row.eventCount() + added, EpochMicros.of(now), EpochMicros.ofNullable(expiresAt), row.pk());
        return new SessionRow(row.pk(), row.status(), row.metadataJson(), row.flowJson(), row.eventCount() + added,
                row.version() + 1, row.createdAt(), EpochMicros.of(now), EpochMicros.ofNullable(expiresAt));
    }

    /**
     * Deletes sessions by primary key with their events and session state. Returns the sessions deleted.
     */
    private int purge(List<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        String in = ids.stream().map((id) -> "?").collect(Collectors.joining(", "));
        Object[] args = ids.toArray();
        this.jdbc.update(sql("DELETE FROM ${prefix}EVENTS WHERE SESSION_PK IN (" + in + ")"), args);
        this.jdbc.update(sql("DELETE FROM ${prefix}SESSION_STATE WHERE SESSION_PK IN (" + in + ")"), args);
        this.jdbc.update(sql("DELETE FROM ${prefix}WAITS WHERE SESSION_PK IN (" + in + ")"), args);
        return this.jdbc.update(sql("DELETE FROM ${prefix}SESSIONS WHERE ID IN (" + in + ")"), args);
    }

    private AgentSession toSession(SessionRow row, SessionRef ref, Map<String, Object> state,
            List<SessionEvent> events) {
        String flowJson = row.flowJson();
        FlowState flow = (flowJson != null) ? this.codec.readFlow(ref, flowJson) : null;
        return new AgentSession(ref, row.status(), row.metadata(this.codec, ref), state, flow, events,
                row.eventCount(), row.version(), EpochMicros.toInstant(row.createdAt()), EpochMicros.toInstant(row.updatedAt()),
                EpochMicros.toInstantOrNull(row.expiresAt()));
    }

    /**
     * One row of the sessions table.
     */
    private record SessionRow(long pk, SessionStatus status, String metadataJson, @Nullable String flowJson,
            long eventCount, long version, long createdAt, long updatedAt, @Nullable Long expiresAt) {

        static SessionRow map(ResultSet rs) throws SQLException {
            long expires = rs.getLong("EXPIRES_AT");
            Long expiresAt = rs.wasNull() ? null : expires;
            return new SessionRow(rs.getLong("ID"), SessionStatus.valueOf(rs.getString("STATUS")),
                    Objects.requireNonNull(rs.getString("METADATA_JSON")), rs.getString("FLOW_JSON"),
                    rs.getLong("EVENT_COUNT"), rs.getLong("VERSION"), rs.getLong("CREATED_AT"),
                    rs.getLong("UPDATED_AT"), expiresAt);
        }

        boolean isExpired(long nowMicros) {
            return this.expiresAt != null && this.expiresAt <= nowMicros;
        }

        Map<String, String> metadata(SessionCodec codec, SessionRef ref) {
            return codec.readStringMap(ref, "metadata", this.metadataJson);
        }

    }
}
