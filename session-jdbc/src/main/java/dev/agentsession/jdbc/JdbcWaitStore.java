package dev.agentsession.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.ClaimWaitCommand;
import dev.agentsession.store.RegisterWaitCommand;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.UnreadableRecords;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.databind.JsonNode;

/**
 * The waits of paused flows in the {@code WAITS} table, one row per (tenant, app, waiting user, reply scope) under a
 * SHA-256 key of those parts, every query checking the parts too; the row names the waiting session by its row id,
 * owner and id, so a wait for another user's reply resumes the owner's session.
 *
 * <p>Registering a wait locks the session row, saves the flow state on it and upserts the wait in one
 * transaction. A claim locks the wait row ({@code SELECT ... FOR UPDATE}, or the dialect's database write lock),
 * deletes it and returns it only if the delete removed it, so exactly one of concurrent claims receives it; a claim
 * that clears the session's flow locks the session row first, as registering does, so that the two never wait for
 * each other in opposite orders. The session store deletes a session's waits in the transaction that deletes or
 * archives the session.
 */
final class JdbcWaitStore implements WaitStore {

    private static final String COLUMNS = """
            TENANT, APP, USER_ID, SESSION_ID, SESSION_USER_ID, CHANNEL, CONVERSATION, THREAD, FLOW_JSON, \
            PAYLOAD_JSON, CREATED_AT, EXPIRES_AT, SESSION_PK\
            """;

    private final JdbcTemplate jdbc;

    private final NamedParameterJdbcTemplate namedJdbc;

    private final SessionCodec codec;

    private final RetryingTransactions transactions;

    private final SessionTable sessions;

    private final UnreadableRecords unreadable;

    private final SingletonSupplier<Sql> sql;

    JdbcWaitStore(JdbcTemplate jdbc, SessionCodec codec, JdbcStoreSettings settings, Supplier<JdbcDialect> dialect,
            RetryingTransactions transactions, SessionTable sessions, UnreadableRecords unreadable) {
        this.jdbc = jdbc;
        this.unreadable = unreadable;
        this.namedJdbc = new NamedParameterJdbcTemplate(jdbc);
        this.codec = codec;
        this.transactions = transactions;
        this.sessions = sessions;
        this.sql = SingletonSupplier.of(() -> Sql.of(settings, dialect.get()));
    }

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
            SessionRow row = this.sessions.lockLive(ref, wait.createdAt());
            row.requireLease(ref, command.fencingToken(), wait.createdAt());
            row.requireActive(ref);
            this.sessions.saveFlow(row, flow, wait.createdAt(), command.sessionExpiresAt());
            this.jdbc.update(this.sql.obtain().upsert(), KeyHashes.wait(key),
                    KeyHashes.user(key.tenant(), key.app(), key.userId()), row.pk(), key.tenant(), key.app(),
                    key.userId(), ref.sessionId(), ref.userId(), key.scope().channel(), key.scope().conversation(),
                    key.scope().thread(), flow, payloadJson, EpochMicros.of(wait.createdAt()),
                    EpochMicros.of(wait.expiresAt()));
            return wait;
        });
    }

    @Override
    public Optional<SessionWait> findWait(WaitKey key, Instant now) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(now, "now must not be null");
        return this.transactions.read("read a wait", () -> this.jdbc
            .query(statements(key).find(), this::map, keyArgs(key, EpochMicros.of(now)))
            .stream()
            .findFirst()
            .map(StoredWait::sessionWait));
    }

    @Override
    public List<SessionWait> listWaits(String tenant, String app, String userId, Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        // A wait that cannot be read is skipped and reported: it must not hide the user's other waits.
        List<Optional<SessionWait>> found = this.transactions.read("list waits",
                () -> this.jdbc.query(this.sql.obtain().listOfUser(), (rs, rowNum) -> {
                    try {
                        return Optional.of(map(rs, rowNum).sessionWait());
                    }
                    catch (SessionDataCorruptedException ex) {
                        this.unreadable.skipped("list waits", ex);
                        return Optional.<SessionWait>empty();
                    }
                }, KeyHashes.user(tenant, app, userId), tenant, app, userId, EpochMicros.of(now)));
        return found.stream().flatMap(Optional::stream).toList();
    }

    @Override
    public boolean clearWait(WaitKey key, Instant now) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(now, "now must not be null");
        return this.transactions.write("clear a wait",
                () -> this.jdbc.update(statements(key).delete(), keyArgs(key, EpochMicros.of(now))) > 0);
    }

    /**
     * Claims a wait in one transaction: locks and reads the live wait row ({@code SELECT ... FOR UPDATE}; on
     * SQLite the database write lock is taken first), then deletes it. The wait is returned only if this
     * transaction's delete removed the row, so of concurrent claims exactly one receives it, whatever the
     * database's isolation level. The session row is locked before the wait row, the order registering a wait
     * takes them in (if the wait changed session in between, that session is locked too), so that the claim checks
     * the session's run lease and clears its flow when asked to in the same transaction.
     */
    @Override
    public Optional<SessionWait> claimWait(ClaimWaitCommand command) {
        Objects.requireNonNull(command, "command must not be null");
        WaitKey key = command.key();
        Object[] args = keyArgs(key, EpochMicros.of(command.now()));
        KeyStatements statements = statements(key);
        return this.transactions.write("claim a wait", () -> {
            this.sessions.lockDatabase();
            List<Long> owner = this.jdbc.queryForList(statements.sessionOf(), Long.class, args);
            if (owner.isEmpty()) {
                return Optional.empty();
            }
            SessionRow session = this.sessions.lock(owner.get(0));
            List<StoredWait> found = this.jdbc.query(statements.lock(), this::map, args);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            StoredWait claimed = found.get(0);
            if (session == null || session.pk() != claimed.sessionPk()) {
                session = this.sessions.lock(claimed.sessionPk());
            }
            boolean live = session != null && !session.isExpired(command.now());
            SessionRef ref = claimed.sessionWait().session();
            if (live) {
                session.requireLease(ref, command.fencingTokenFor(ref), command.now());
            }
            if (this.jdbc.update(statements.delete(), args) != 1) {
                return Optional.empty();
            }
            if (command.clearFlow() && live && session.status() == SessionStatus.ACTIVE) {
                this.sessions.saveFlow(session, null, command.now(), command.sessionExpiresAt());
            }
            return Optional.of(claimed.sessionWait());
        });
    }

    /**
     * The live waits a user takes part in, in every app of a tenant: for the user's reply, or of the user's
     * sessions; by app, then creation time.
     */
    List<SessionWait> ofUser(String tenant, String userId, Instant now) {
        long micros = EpochMicros.of(now);
        List<SessionWait> waits = new ArrayList<>(this.transactions.read("list a user's waits",
                () -> this.jdbc.query(this.sql.obtain().ofUser(), this::map, tenant, userId, micros, tenant, userId,
                        userId, micros))
            .stream()
            .map(StoredWait::sessionWait)
            .toList());
        waits.sort(Comparator.comparing((SessionWait wait) -> wait.session().app())
            .thenComparing(SessionWait::createdAt));
        return waits;
    }

    /**
     * Deletes the waits for a user's reply in every app of a tenant, in the caller's transaction.
     */
    void deleteOfWaitingUser(String tenant, String userId) {
        this.jdbc.update(this.sql.obtain().deleteOfWaitingUser(), tenant, userId);
    }

    /**
     * Deletes the waits of one session, in the caller's transaction.
     */
    void deleteOfSession(long pk) {
        this.jdbc.update(this.sql.obtain().deleteOfSession(), pk);
    }

    /**
     * Deletes the waits of sessions by row id, in the caller's transaction.
     */
    void deleteOfSessions(List<Long> ids) {
        this.namedJdbc.update(this.sql.obtain().deleteOfSessions(), Map.of("ids", ids));
    }

    /**
     * Deletes the waits of the archived sessions not updated since a time, in the caller's transaction. Archived
     * sessions never hold waits (archiving deletes them, registering refuses), so this only reaches sessions the
     * transaction just archived; their rows stay locked until the commit.
     */
    void deleteOfArchived(Instant updatedBefore) {
        this.jdbc.update(this.sql.obtain().deleteOfArchived(), SessionStatus.ARCHIVED.name(),
                EpochMicros.of(updatedBefore));
    }

    /**
     * Deletes expired waits, one transaction per batch of at most {@code batchSize}, skipping rows another
     * transaction holds, until no expired wait is left.
     */
    void deleteExpired(Instant now, int batchSize) {
        long nowMicros = EpochMicros.of(now);
        int found;
        do {
            found = this.transactions.write("delete expired waits", () -> {
                this.sessions.lockDatabase();
                List<byte[]> keys = this.jdbc.queryForList(this.sql.obtain().lockExpired(), byte[].class,
                        nowMicros, batchSize);
                if (!keys.isEmpty()) {
                    this.namedJdbc.update(this.sql.obtain().deleteByKeys(), Map.of("keys", keys));
                }
                return keys.size();
            });
        }
        while (found == batchSize);
    }

    private KeyStatements statements(WaitKey key) {
        return (key.scope().thread() != null) ? this.sql.obtain().withThread() : this.sql.obtain().withoutThread();
    }

    /**
     * The arguments of {@link KeyStatements}: the key's hash and every part, the thread only when present.
     */
    private static Object[] keyArgs(WaitKey key, Object... more) {
        List<Object> args = new ArrayList<>(List.of(KeyHashes.wait(key), key.tenant(), key.app(), key.userId(),
                key.scope().channel(), key.scope().conversation()));
        if (key.scope().thread() != null) {
            args.add(key.scope().thread());
        }
        args.addAll(List.of(more));
        return args.toArray();
    }

    private StoredWait map(ResultSet rs, int rowNum) throws SQLException {
        SessionRef ref = new SessionRef(rs.getString("TENANT"), rs.getString("APP"), rs.getString("SESSION_USER_ID"),
                rs.getString("SESSION_ID"));
        ReplyScope scope = new ReplyScope(rs.getString("CHANNEL"), rs.getString("CONVERSATION"),
                rs.getString("THREAD"));
        FlowState flow = this.codec.readFlow(ref, Objects.requireNonNull(rs.getString("FLOW_JSON")));
        String payloadJson = rs.getString("PAYLOAD_JSON");
        JsonNode payload = null;
        if (payloadJson != null) {
        payload = this.codec.readTree(ref, "wait payload", payloadJson);
        }
        return new StoredWait(new SessionWait(ref, rs.getString("USER_ID"), scope, flow, payload,
                EpochMicros.toInstant(rs.getLong("CREATED_AT")), EpochMicros.toInstant(rs.getLong("EXPIRES_AT"))),
                rs.getLong("SESSION_PK"));
    }

    /**
     * A wait as its row holds it, with the row id of its session.
     */
    private record StoredWait(SessionWait sessionWait, long sessionPk) {
    }

    /**
     * The statements on the live wait row of a key, whose thread is present or absent ({@code THREAD IS NULL}).
     */
    private record KeyStatements(String find, String lock, String delete, String sessionOf) {

        static KeyStatements of(JdbcStoreSettings settings, JdbcDialect dialect, boolean withThread) {
            String matches = """
                    WAIT_HASH = ? AND TENANT = ? AND APP = ? AND USER_ID = ? AND CHANNEL = ? AND CONVERSATION = ? \
                    AND %s AND EXPIRES_AT > ?\
                    """.formatted(withThread ? "THREAD = ?" : "THREAD IS NULL");
            String select = settings.resolve("SELECT %s FROM ${prefix}WAITS WHERE %s".formatted(COLUMNS, matches));
            return new KeyStatements(select, select + " " + dialect.forUpdate(),
                    settings.resolve("DELETE FROM ${prefix}WAITS WHERE " + matches),
                    settings.resolve("SELECT SESSION_PK FROM ${prefix}WAITS WHERE " + matches));
        }
    }

    /**
     * The statements on the waits table of one prefix and dialect.
     */
    private record Sql(KeyStatements withThread, KeyStatements withoutThread, String upsert, String listOfUser,
            String ofUser, String deleteOfSession, String deleteOfSessions, String deleteOfArchived,
            String deleteOfWaitingUser, String lockExpired, String deleteByKeys) {

        static Sql of(JdbcStoreSettings settings, JdbcDialect dialect) {
            return new Sql(KeyStatements.of(settings, dialect, true), KeyStatements.of(settings, dialect, false),
                    dialect.upsert(settings.resolve("${prefix}WAITS"), List.of("WAIT_HASH"),
                            List.of("USER_HASH", "SESSION_PK", "TENANT", "APP", "USER_ID", "SESSION_ID",
                                    "SESSION_USER_ID", "CHANNEL", "CONVERSATION", "THREAD", "FLOW_JSON",
                                    "PAYLOAD_JSON", "CREATED_AT", "EXPIRES_AT")),
                    settings.resolve("""
                            SELECT %s FROM ${prefix}WAITS
                            WHERE USER_HASH = ? AND TENANT = ? AND APP = ? AND USER_ID = ? AND EXPIRES_AT > ?
                            ORDER BY CREATED_AT, WAIT_HASH
                            """.formatted(COLUMNS)),
                    settings.resolve("""
                            SELECT %1$s FROM ${prefix}WAITS WHERE TENANT = ? AND USER_ID = ? AND EXPIRES_AT > ?
                            UNION ALL SELECT %1$s FROM ${prefix}WAITS
                                WHERE SESSION_PK IN (SELECT ID FROM ${prefix}SESSIONS WHERE TENANT = ? AND USER_ID = ?)
                                AND USER_ID <> ? AND EXPIRES_AT > ?
                            """.formatted(COLUMNS)),
                    settings.resolve("DELETE FROM ${prefix}WAITS WHERE SESSION_PK = ?"),
                    settings.resolve("DELETE FROM ${prefix}WAITS WHERE SESSION_PK IN (:ids)"),
                    settings.resolve("""
                            DELETE FROM ${prefix}WAITS WHERE SESSION_PK IN (
                                SELECT ID FROM ${prefix}SESSIONS WHERE STATUS = ? AND UPDATED_AT < ?)
                            """),
                    settings.resolve("DELETE FROM ${prefix}WAITS WHERE TENANT = ? AND USER_ID = ?"),
                    settings.resolve("""
                            SELECT WAIT_HASH FROM ${prefix}WAITS WHERE EXPIRES_AT <= ? ORDER BY EXPIRES_AT LIMIT ? %s
                            """.formatted(dialect.forUpdateSkipLocked())),
                    settings.resolve("DELETE FROM ${prefix}WAITS WHERE WAIT_HASH IN (:keys)"));
        }
    }
}
