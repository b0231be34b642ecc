package dev.agentsession.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionQuery;
import dev.agentsession.Identifiers;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.SessionSummary;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.AppendCommand;
import dev.agentsession.store.ClaimWaitCommand;
import dev.agentsession.store.CreateCommand;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.FlowCommand;
import dev.agentsession.store.LeaseStore;
import dev.agentsession.store.ForkCommand;
import dev.agentsession.store.HistoryReplay;
import dev.agentsession.store.HistoryRetention;
import dev.agentsession.store.MetadataCommand;
import dev.agentsession.store.PageCursor;
import dev.agentsession.store.RegisterWaitCommand;
import dev.agentsession.store.RewindCommand;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.UnreadableRecords;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.StateCommand;
import dev.agentsession.store.UserDataStore;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.function.SingletonSupplier;

/**
 * A {@link SessionStore}, {@link WaitStore} and {@link UserDataStore} in the tables of a {@link DataSource} (H2,
 * SQLite, PostgreSQL, MySQL/MariaDB, or any database a {@link JdbcDialect} of your own describes).
 *
 * <p>This class writes sessions and their events and reads them; it hands waits, state, listing, cleanup and
 * documents to one package-private part per table or concern, which share its transactions. Every write is one
 * transaction that starts by locking the session row ({@code SELECT ... FOR UPDATE}; on SQLite a no-op
 * {@code UPDATE} takes the database write lock first), so writers of one session are serialized and writers of
 * different sessions are not. An append runs a constant number of statements, whatever the history length: lock
 * and read the session row, insert the new events (one batch, their ids checked by the unique key rather than
 * looked up first), apply the state deltas (one upsert batch and one delete batch per scope at most), advance the
 * session row (and, for a session with metadata, its rows of the metadata index), and read the merged state back.
 * Events are never rewritten and the session is never read-modified-written as a whole. A read of a session is one
 * statement (its row, its event window and its merged state, as branches of one {@code UNION ALL}). Every
 * statement is built once per table prefix and dialect.
 *
 * <p>Every write runs in a new transaction of the given transaction manager ({@code REQUIRES_NEW}, as in Spring
 * Session JDBC), and so does every read of more than one statement; a read of one statement (a session, a page of
 * a listing) runs outside any transaction, the caller's suspended. None runs in the caller's: inside an application
 * transaction on the same database, a write is committed when it returns even if the application's transaction
 * rolls back later, and a retried write never runs again inside a transaction the store does not own. Such a call
 * holds a second pool connection besides the caller's, so the pool must be larger than the number of threads that
 * call the store inside a transaction.
 *
 * <p>Reads filter out sessions whose {@code EXPIRES_AT} is not after the read time;
 * {@link #deleteExpired(Instant, int)} removes them in bounded batches and may run on several nodes at once.
 * Times are stored as epoch microseconds. Connection and SQL failures surface as
 * {@link SessionStoreUnavailableException}; a transaction that loses a lock conflict (deadlock, busy) first
 * runs again as a whole, after a short exponential backoff with jitter.
 *
 * <p>Metadata stays a JSON record on the session row; the {@code SESSION_METADATA} table indexes each key and value
 * with a copy of the session's listing sort key, so that a listing filtered by one key = value costs its page.
 *
 * <p>History: the session row keeps its latest compaction and the first event retention kept, and
 * {@link #removeCompactedEvents(Instant, int, Instant)} finds its sessions through an index ({@link JdbcCompactions}).
 *
 * <p>Waits live in the {@code WAITS} table, one row per (tenant, app, waiting user, reply scope). Registering a
 * wait locks the session row, saves the flow state on it and upserts the wait in one transaction; of concurrent
 * claims of one wait exactly one receives it. Deleting or archiving a session deletes its waits in the same
 * transaction.
 *
 * <p>A session's run lease lives on its row ({@code LEASE_TOKEN}, {@code LEASE_OWNER}, {@code LEASE_EXPIRES_AT}):
 * every write reads it with the row it locks and checks it before changing anything, and taking, renewing or
 * releasing the lease locks the same row ({@link JdbcLeases}).
 *
 * <p>A user's data across apps is found through indexes on {@code (TENANT, USER_ID)} of the sessions, the
 * {@code user:} state and the waits. {@link #clearAll()} deletes every row of this store's tables, and nothing else.
 */
public final class JdbcSessionStore implements SessionStore, WaitStore, UserDataStore, LeaseStore, HistoryRetention {

    /** The longest state key the state tables hold, in characters: the one limit of every store. */
    public static final int MAX_STATE_KEY_LENGTH = Identifiers.MAX_STATE_KEY_LENGTH;

    private final JdbcStoreSettings settings;

    private final JdbcSchema schema;

    private final SessionCodec codec;

    private final SingletonSupplier<JdbcDialect> dialect;

    private final RetryingTransactions transactions;

    private final SessionTable sessions;

    private final MetadataTable metadata;

    private final EventTable events;

    private final StateTables state;

    private final JdbcWaitStore waits;

    private final SessionCleanup cleanup;

    private final SessionListing listing;

    private final SessionReader reader;

    private final JdbcCompactions compactions;

    private final JdbcScopedStore documents;

    private final JdbcHistory history;

    private final JdbcLeases leases;

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
     * @param transactionManager a transaction manager of that data source, such as the application's; every
     * operation runs in a new transaction of its own ({@code REQUIRES_NEW})
     * @param settings the table prefix and dialect (a built-in one detected on first use when not set)
     * @param codec the JSON form of stored values
     */
    public JdbcSessionStore(DataSource dataSource, PlatformTransactionManager transactionManager,
            JdbcStoreSettings settings, SessionCodec codec) {
        Objects.requireNonNull(dataSource, "dataSource must not be null");
        Objects.requireNonNull(transactionManager, "transactionManager must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.schema = new JdbcSchema(dataSource, settings);
        // Detected on first use, so that a store can be created before its database is up.
        this.dialect = SingletonSupplier.of(this.schema::dialect);
        this.transactions = RetryingTransactions.onLockConflicts(transactionManager);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        this.metadata = new MetadataTable(jdbc, codec, settings, this.dialect);
        this.sessions = new SessionTable(jdbc, settings, this.dialect, this.metadata, codec.writeValue(Map.of()));
        this.events = new EventTable(jdbc, codec, settings);
        this.state = new StateTables(jdbc, codec, settings, this.dialect);
        UnreadableRecords unreadable = new UnreadableRecords();
        this.waits = new JdbcWaitStore(jdbc, codec, settings, this.dialect, this.transactions, this.sessions,
                unreadable);
        this.cleanup = new SessionCleanup(this.transactions, this.sessions, this.events, this.state, this.waits,
                this.metadata, jdbc, settings);
        this.listing = new SessionListing(jdbc, codec, settings, this.dialect, this.transactions, unreadable);
        this.compactions = new JdbcCompactions(jdbc, codec, this.transactions, this.sessions, this.events, settings);
        this.reader = new SessionReader(jdbc, codec, settings, this.dialect, this.events, this.compactions);
        this.documents = new JdbcScopedStore(jdbc, codec, settings, this.dialect, this.transactions);
        this.history = new JdbcHistory(codec, this.transactions, this.sessions, this.events, this.state, this.metadata,
                this.cleanup, this.compactions);
        this.leases = new JdbcLeases(jdbc, settings, this.transactions, this.sessions, this.events);
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

    // --- sessions and events -----------------------------------------------------------------------------

    /**
     * Creates in one transaction: insert the session row, then its metadata index rows and state, and read the
     * merged state back. The ref is not looked up first: when it has a row, the insert fails, the transaction rolls
     * back, and a second one locks that row, removes it if it expired (cleanup has not yet) and inserts again, or
     * finds the session exists.
     */
    @Override
    public AgentSession create(CreateCommand command) {
        StateTables.requireKeys(command.state());
        String metadata = this.codec.writeValue(command.metadata());
        try {
            return this.transactions.write("create a session", () -> create(command, metadata, false));
        }
        catch (KeyTaken ex) {
            try {
                return this.transactions.write("create a session", () -> create(command, metadata, true));
            }
            catch (KeyTaken again) {
                throw new SessionAlreadyExistsException(command.ref());
            }
        }
    }

    private AgentSession create(CreateCommand command, String metadata, boolean replaceExpired) {
        SessionRef ref = command.ref();
        if (replaceExpired) {
            this.cleanup.purge(this.sessions.lockExpired(ref, command.now()));
        }
        long pk = this.sessions.insertNew(command, metadata,
                this.codec.writeValue(HistoryReplay.initialState(command.state())), 0);
        this.metadata.apply(ref, pk, command.metadata(), EpochMicros.of(command.now()));
        this.state.apply(ref, pk, command.state());
        return new AgentSession(ref, SessionStatus.ACTIVE, command.metadata(), this.state.read(ref, pk), null,
                List.of(), 0, 1, command.now(), command.now(), command.expiresAt());
    }

    /**
     * Appends in one transaction of a constant number of statements: lock and read the session row, insert the new
     * events (one batch), apply their state deltas (only if they have some), advance the session row and read the
     * merged state back. The events are inserted without looking their ids up first: when one is stored already, its
     * row's unique key refuses the batch, the transaction rolls back, and the append runs again with the lookup (a
     * client's retry, rare). The lookup comes first too when an expected version is not the stored one, since a retry
     * of an append that succeeded returns its events without a version check.
     */
    @Override
    public AgentSession append(AppendCommand command) {
        StateTables.requireKeys(
                StateChanges.ofAll(command.events().stream().map(SessionEvent::stateDelta).toList()));
        try {
            return this.transactions.write("append to a session", () -> append(command, false));
        }
        catch (KeyTaken ex) {
            try {
                return this.transactions.write("append to a session", () -> append(command, true));
            }
            catch (KeyTaken again) {
                // After the lookup only a broken row (a sequence number taken) can be refused.
                throw JdbcErrors.failure("append to a session", again.getCause());
            }
        }
    }

    private AgentSession append(AppendCommand command, boolean lookUpIds) {
        SessionRef ref = command.ref();
        SessionRow row = this.sessions.lockLive(ref, command.now());
        row.requireLease(ref, command.fencingToken(), command.now());
        row.requireActive(ref);
        Long expectedVersion = command.expectedVersion();
        boolean stale = expectedVersion != null && expectedVersion.longValue() != row.version();
        Map<String, SessionEvent> stored = (lookUpIds || stale)
                ? this.events.find(ref, row.pk(), command.events().stream().map(SessionEvent::id).toList())
                : Map.of();
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
            return row.toSession(this.codec, ref, this.state.read(ref, row.pk()), result);
        }
        row.requireVersion(ref, command.expectedVersion());
        this.events.insert(row.pk(), added);
        this.compactions.recordCompaction(row.pk(), row.firstSeq(), added);
        this.state.apply(ref, row.pk(), StateChanges.ofAll(added.stream().map(SessionEvent::stateDelta).toList()));
        SessionRow updated = this.sessions.advance(row, added.size(), command.now(), command.expiresAt());
        return updated.toSession(this.codec, ref, this.state.read(ref, row.pk()), result);
    }

    @Override
    public AgentSession updateState(StateCommand command) {
        SessionRef ref = command.ref();
        StateTables.requireKeys(command.changes());
        return this.transactions.write("update session state", () -> {
            SessionRow row = this.sessions.lockLive(ref, command.now());
            row.requireLease(ref, command.fencingToken(), command.now());
            row.requireActive(ref);
            row.requireVersion(ref, command.expectedVersion());
            this.state.apply(ref, row.pk(), command.changes());
            SessionRow updated = this.sessions.advance(row, 0, command.now(), command.expiresAt());
            return updated.toSession(this.codec, ref, this.state.read(ref, row.pk()), List.of());
        });
    }

    /**
     * Rewinds in one transaction: locks the session row, replays the log up to {@code toSeq}, inserts the marker,
     * replaces the session's state rows and writes the row's new rewound ranges ({@code REWOUND_JSON}).
     */
    @Override
    public AgentSession rewind(RewindCommand command) {
        return this.history.rewind(command);
    }

    /**
     * Forks in one transaction that holds the source's row lock and inserts the new session whole.
     */
    @Override
    public AgentSession fork(ForkCommand command) {
        return this.history.fork(command);
    }

    @Override
    public AgentSession updateFlow(FlowCommand command) {
        SessionRef ref = command.ref();
        String flow = (command.flow() != null) ? this.codec.writeFlow(command.flow()) : null;
        return this.transactions.write("update a session's flow", () -> {
            SessionRow row = this.sessions.lockLive(ref, command.now());
            row.requireLease(ref, command.fencingToken(), command.now());
            row.requireActive(ref);
            row.requireVersion(ref, command.expectedVersion());
            SessionRow updated = this.sessions.saveFlow(row, flow, command.now(), command.expiresAt());
            return updated.toSession(this.codec, ref, this.state.read(ref, row.pk()), List.of());
        });
    }

    /**
     * Changes metadata in one transaction: locks the session row, merges the changes into its metadata record, and
     * writes the changed keys' rows of the metadata index (the unchanged keys' rows move to the new update time).
     */
    @Override
    public AgentSession updateMetadata(MetadataCommand command) {
        SessionRef ref = command.ref();
        return this.transactions.write("update a session's metadata", () -> {
            SessionRow row = this.sessions.lockLive(ref, command.now());
            row.requireLease(ref, command.fencingToken(), command.now());
            row.requireActive(ref);
            row.requireVersion(ref, command.expectedVersion());
            String json = this.codec.writeValue(command.applyTo(row.metadata(this.codec, ref)));
            SessionRow updated = this.sessions.saveMetadata(row, json, command.now(), command.expiresAt());
            this.metadata.apply(ref, row.pk(), command.changes(), updated.updatedAt());
            return updated.toSession(this.codec, ref, this.state.read(ref, row.pk()), List.of());
        });
    }

    @Override
    public Optional<AgentSession> find(SessionRef ref, EventWindow window, Instant now) {
        Objects.requireNonNull(ref, "ref must not be null");
        Objects.requireNonNull(window, "window must not be null");
        return this.transactions.readWithoutTransaction("read a session", () -> this.reader.find(ref, window, now));
    }

    @Override
    public List<SessionEvent> events(SessionRef ref, long fromSeq, int limit, Instant now) {
        Objects.requireNonNull(ref, "ref must not be null");
        return this.transactions.read("read session events", () -> {
            SessionRow row = this.sessions.readLive(ref, now);
            if (row == null) {
                throw new SessionNotFoundException(ref);
            }
            this.compactions.requireRetained(ref, row, fromSeq);
            return this.events.range(ref, row, fromSeq, limit);
        });
    }

    @Override
    public long removeCompactedEvents(Instant removeBefore, int batchSize, Instant now) {
        return this.compactions.removeCompacted(removeBefore, batchSize, now);
    }

    @Override
    public List<SessionSummary> list(SessionQuery query, @Nullable PageCursor after, int limit, Instant now) {
        return this.listing.list(query, after, limit, now);
    }

    // --- lifecycle and cleanup ---------------------------------------------------------------------------

    @Override
    public boolean archive(SessionRef ref, Instant now) {
        return this.cleanup.archive(ref, now, null);
    }

    @Override
    public boolean archive(SessionRef ref, Instant now, @Nullable Long fencingToken) {
        return this.cleanup.archive(ref, now, fencingToken);
    }

    @Override
    public int archiveInactive(Instant updatedBefore, Instant now) {
        return this.cleanup.archiveInactive(updatedBefore, now);
    }

    @Override
    public boolean delete(SessionRef ref) {
        return this.cleanup.delete(ref);
    }

    @Override
    public int deleteAll(String tenant, String app) {
        return this.cleanup.deleteAll(tenant, app);
    }

    /**
     * Deletes every row of the session store's tables, in one transaction; the auth sessions table and anything
     * else in the database are left alone.
     */
    @Override
    public void clearAll() {
        this.cleanup.clearAll();
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
        return this.cleanup.deleteExpired(now, batchSize);
    }

    // --- waits -------------------------------------------------------------------------------------------

    @Override
    public SessionWait registerWait(RegisterWaitCommand command) {
        return this.waits.registerWait(command);
    }

    @Override
    public Optional<SessionWait> findWait(WaitKey key, Instant now) {
        return this.waits.findWait(key, now);
    }

    @Override
    public List<SessionWait> listWaits(String tenant, String app, String userId, Instant now) {
        return this.waits.listWaits(tenant, app, userId, now);
    }

    @Override
    public boolean clearWait(WaitKey key, Instant now) {
        return this.waits.clearWait(key, now);
    }

    @Override
    public Optional<SessionWait> claimWait(ClaimWaitCommand command) {
        return this.waits.claimWait(command);
    }

    // --- run leases --------------------------------------------------------------------------------------

    @Override
    public SessionLease acquireLease(SessionRef ref, String owner, Instant now, Instant expiresAt) {
        return this.leases.acquire(ref, owner, now, expiresAt);
    }

    @Override
    public SessionLease renewLease(SessionLease lease, Instant now, Instant expiresAt) {
        return this.leases.renew(lease, now, expiresAt);
    }

    @Override
    public boolean releaseLease(SessionLease lease, Instant now) {
        return this.leases.release(lease, now);
    }

    @Override
    public Optional<SessionEvent> findEvent(SessionRef ref, String eventId, Instant now) {
        return this.leases.findEvent(ref, eventId, now);
    }

    // --- one user's data, across apps ----------------------------------------------------------------------

    @Override
    public List<SessionRef> sessionsOfUser(String tenant, String userId, Instant now) {
        return this.transactions.read("list a user's sessions", () -> this.sessions.refsOfUser(tenant, userId, now));
    }

    @Override
    public Map<String, Map<String, Object>> userStateOfUser(String tenant, String userId) {
        return this.transactions.read("read a user's state", () -> this.state.ofUser(tenant, userId));
    }

    @Override
    public List<SessionWait> waitsOfUser(String tenant, String userId, Instant now) {
        return this.waits.ofUser(tenant, userId, now);
    }

    /**
     * Deletes a user's sessions in batches of 500, one transaction each, then the user's {@code user:} state and the
     * waits for the user's reply in one more.
     */
    @Override
    public int eraseUser(String tenant, String userId) {
        return this.cleanup.deleteOfUser(tenant, userId);
    }

    // --- documents and health ----------------------------------------------------------------------------

    @Override
    public ScopedStore documents() {
        return this.documents;
    }

    /**
     * The store's schema: its version, its migration scripts and what the database holds.
     * @return the schema
     */
    public JdbcSchema schema() {
        return this.schema;
    }

    /**
     * Checks that the database answers, that the store's tables exist and that they are at the schema version
     * this store needs ({@link JdbcSchema#CURRENT_VERSION}) or newer.
     * @throws SessionStoreUnavailableException if the database cannot be reached or the schema is not ready, with
     * a message saying what to run or set
     */
    @Override
    public void ping() {
        JdbcSchemaStatus status = this.schema.status();
        if (!status.isReady()) {
            throw new SessionStoreUnavailableException(status.description() + " " + status.action(), null);
        }
    }
}
