package dev.agentsession;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.history.Compaction;
import dev.agentsession.history.CompactionPolicy;
import dev.agentsession.history.CompactionSettings;
import dev.agentsession.observation.SessionObservations;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.AppendCommand;
import dev.agentsession.store.ClaimWaitCommand;
import dev.agentsession.store.CreateCommand;
import dev.agentsession.store.FlowCommand;
import dev.agentsession.store.MetadataCommand;
import dev.agentsession.store.PageCursor;
import dev.agentsession.store.RegisterWaitCommand;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.StateCommand;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;
import org.springframework.session.SessionIdGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The {@link SessionManager} over any {@link SessionStore}. It owns the rules that do not depend on storage:
 * validation, id generation, time (truncated to microseconds, the precision every store keeps), the event
 * size limit, {@code temp:} state and expiry times. The store owns atomicity, versions and sequence numbers.
 * Every operation, and every call of its {@link #documents()}, is one observation of its
 * {@link SessionObservations} (none unless a constructor is given one). Run leases are the store's if it is a
 * {@link dev.agentsession.store.LeaseStore} (every built-in store is); with another store their operations throw
 * {@link UnsupportedOperationException}.
 */
public class DefaultSessionManager implements SessionManager {

    /** The largest page of {@link #events(SessionRef, long, int)}. */
    public static final int MAX_EVENTS_PAGE = 1000;

    private final SessionStore store;

    private final WaitStore waits;

    private final SessionIdGenerator idGenerator;

    private final Clock clock;

    private final SessionCodec codec;

    private final SessionInput input;

    private final SessionSettings settings;

    private final SessionLifecycleListener listener;

    private final SessionObservations observations;

    private final String storeType;

    private final ScopedStore documents;

    private final SessionLeases leases;

    private final SessionCompactor compactor;

    /**
     * Creates a manager.
     * @param store where sessions live
     * @param waits where waits of paused flows live (usually the same backend object as {@code store})
     * @param idGenerator makes session and event ids
     * @param clock the time of every write and of expiry checks
     * @param codec the JSON form used for size checks and state normalization
     * @param settings time-to-live and size limit
     */
    public DefaultSessionManager(SessionStore store, WaitStore waits, SessionIdGenerator idGenerator, Clock clock,
            SessionCodec codec, SessionSettings settings) {
        this(store, waits, idGenerator, clock, codec, settings, SessionLifecycleListener.NONE);
    }

    /**
     * Creates a manager that tells a listener about created, archived and deleted sessions.
     * @param store where sessions live
     * @param waits where waits of paused flows live (usually the same backend object as {@code store})
     * @param idGenerator makes session and event ids
     * @param clock the time of every write and of expiry checks
     * @param codec the JSON form used for size checks and state normalization
     * @param settings time-to-live and size limit
     * @param listener told once a lifecycle change is stored
     */
    public DefaultSessionManager(SessionStore store, WaitStore waits, SessionIdGenerator idGenerator, Clock clock,
            SessionCodec codec, SessionSettings settings, SessionLifecycleListener listener) {
        this(store, waits, idGenerator, clock, codec, settings, listener, SessionObservations.NOOP);
    }

    /**
     * Creates a manager whose operations are observed: a timer and a trace span for each (see
     * {@link dev.agentsession.observation.SessionObservationDocumentation}).
     * @param store where sessions live
     * @param waits where waits of paused flows live (usually the same backend object as {@code store})
     * @param idGenerator makes session and event ids
     * @param clock the time of every write and of expiry checks
     * @param codec the JSON form used for size checks and state normalization
     * @param settings time-to-live and size limit
     * @param listener told once a lifecycle change is stored
     * @param observations observes every operation, tagged with {@code store.type()}
     */
    public DefaultSessionManager(SessionStore store, WaitStore waits, SessionIdGenerator idGenerator, Clock clock,
            SessionCodec codec, SessionSettings settings, SessionLifecycleListener listener,
            SessionObservations observations) {
        this(store, waits, idGenerator, clock, codec, settings, listener, observations, CompactionSettings.none());
    }

    /**
     * Creates an observed manager that compacts histories (see {@link #compact(SessionRef, CompactionPolicy)}).
     * @param store where sessions live
     * @param waits where waits of paused flows live (usually the same backend object as {@code store})
     * @param idGenerator makes session and event ids
     * @param clock the time of every write and of expiry checks
     * @param codec the JSON form used for size checks and state normalization
     * @param settings time-to-live and size limit
     * @param listener told once a lifecycle change is stored
     * @param observations observes every operation, tagged with {@code store.type()}
     * @param compaction the summarizer and the policy of {@link #compact(SessionRef)} and of compaction after
     * appends
     */
    public DefaultSessionManager(SessionStore store, WaitStore waits, SessionIdGenerator idGenerator, Clock clock,
            SessionCodec codec, SessionSettings settings, SessionLifecycleListener listener,
            SessionObservations observations, CompactionSettings compaction) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.waits = Objects.requireNonNull(waits, "waits must not be null");
        this.idGenerator = Objects.requireNonNull(idGenerator, "idGenerator must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.input = new SessionInput(codec);
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
        this.observations = Objects.requireNonNull(observations, "observations must not be null");
        this.storeType = store.type();
        this.documents = observations.documents(new CheckedScopedStore(store.documents(), codec), this.storeType);
        this.leases = new SessionLeases(store, this::now);
        this.compactor = new SessionCompactor(store, idGenerator, this.input,
                Objects.requireNonNull(compaction, "compaction must not be null"), this::now, this::expiry,
                this::checkSize);
    }

    @Override
    public AgentSession create(NewSession session) {
        return observe("create", () -> {
            Objects.requireNonNull(session, "session must not be null");
            String sessionId = (session.sessionId() != null) ? session.sessionId() : this.idGenerator.generate();
            SessionRef ref = new SessionRef(session.tenant(), session.app(), session.userId(), sessionId);
            Map<String, @Nullable Object> state = this.input.state(session.state());
            Map<String, String> metadata = this.input.metadata("metadata", session.metadata());
            Instant now = now();
            AgentSession created = this.store
                .create(new CreateCommand(ref, metadata, StateChanges.of(state), now, expiry(now)));
            this.listener.created(created);
            return TempState.withTemp(created, List.of(state));
        });
    }

    @Override
    public Optional<AgentSession> find(SessionRef ref, EventWindow window) {
        return observe("find", () -> read(ref, window));
    }

    @Override
    public AgentSession get(SessionRef ref, EventWindow window) {
        return observe("get", () -> read(ref, window).orElseThrow(() -> new SessionNotFoundException(ref)));
    }

    private Optional<AgentSession> read(SessionRef ref, EventWindow window) {
        Objects.requireNonNull(ref, "ref must not be null");
        Objects.requireNonNull(window, "window must not be null");
        return this.store.find(ref, window, now());
    }

    @Override
    public List<SessionEvent> events(SessionRef ref, long fromSeq, int limit) {
        return observe("events", () -> {
            Objects.requireNonNull(ref, "ref must not be null");
            if (fromSeq < 1) {
                throw new IllegalArgumentException("fromSeq must be at least 1, was " + fromSeq);
            }
            if (limit < 1 || limit > MAX_EVENTS_PAGE) {
                throw new IllegalArgumentException("limit must be 1 to " + MAX_EVENTS_PAGE + ", was " + limit);
            }
            return this.store.events(ref, fromSeq, limit, now());
        });
    }

    @Override
    public AgentSession append(SessionRef ref, List<NewEvent> events, @Nullable Long expectedVersion) {
        return observe("append", () -> {
            Objects.requireNonNull(ref, "ref must not be null");
            Objects.requireNonNull(events, "events must not be null");
            Instant now = now();
            AppendInput input = AppendInput.of(events, this.input, this.idGenerator::generate, now, this::checkSize);
            AgentSession appended = this.store
                .append(new AppendCommand(ref, input.events(), expectedVersion, now, expiry(now)));
            this.compactor.afterAppend(ref);
            return TempState.withTemp(appended, input.deltas());
        });
    }

    @Override
    public Optional<Compaction> compact(SessionRef ref) {
        return compact(ref, this.compactor.policy());
    }

    @Override
    public Optional<Compaction> compact(SessionRef ref, CompactionPolicy policy) {
        return observe("compact", () -> {
            Objects.requireNonNull(ref, "ref must not be null");
            Objects.requireNonNull(policy, "policy must not be null");
            return this.compactor.compact(ref, policy);
        });
    }

    @Override
    public AgentSession updateState(SessionRef ref, Map<String, ? extends @Nullable Object> delta,
            @Nullable Long expectedVersion) {
        return observe("updateState", () -> {
            Objects.requireNonNull(ref, "ref must not be null");
            Objects.requireNonNull(delta, "delta must not be null");
            Map<String, @Nullable Object> normalized = this.input.state(delta);
            Instant now = now();
            AgentSession updated = this.store
                .updateState(new StateCommand(ref, StateChanges.of(normalized), expectedVersion, now, expiry(now)));
            return TempState.withTemp(updated, List.of(normalized));
        });
    }

    @Override
    public AgentSession rewind(SessionRef ref, long toSeq, @Nullable Long expectedVersion) {
        return observe("rewind", () -> {
            Instant now = now();
            return this.store.rewind(HistoryCommands.rewind(this.input, ref, toSeq, this.idGenerator.generate(),
                    expectedVersion, now, expiry(now)));
        });
    }

    @Override
    public AgentSession fork(SessionRef ref, long atSeq, @Nullable String newSessionId) {
        return observe("fork", () -> {
            Instant now = now();
            String id = (newSessionId != null) ? newSessionId : this.idGenerator.generate();
            AgentSession forked = this.store.fork(HistoryCommands.fork(ref, atSeq, id, now, expiry(now)));
            this.listener.created(forked);
            return forked;
        });
    }

    @Override
    public AgentSession updateFlow(SessionRef ref, @Nullable FlowState flow, @Nullable Long expectedVersion) {
        return observe("updateFlow", () -> {
            Objects.requireNonNull(ref, "ref must not be null");
            FlowState checkedFlow = (flow != null) ? this.input.flow(flow) : null;
            Instant now = now();
            return this.store.updateFlow(new FlowCommand(ref, checkedFlow, expectedVersion, now, expiry(now)));
        });
    }

    @Override
    public AgentSession updateMetadata(SessionRef ref, Map<String, ? extends @Nullable String> delta,
            @Nullable Long expectedVersion) {
        return observe("updateMetadata", () -> {
            Objects.requireNonNull(ref, "ref must not be null");
            Objects.requireNonNull(delta, "delta must not be null");
            Map<String, @Nullable String> changes = new LinkedHashMap<>(delta);
            changes.keySet().forEach((key) -> Identifiers.requireValid("metadata key", key));
            Map<String, String> written = new LinkedHashMap<>();
            changes.forEach((key, value) -> {
                if (value != null) {
                    written.put(key, value);
                }
            });
            this.input.metadata("metadata", written);
            Instant now = now();
            return this.store.updateMetadata(new MetadataCommand(ref, changes, expectedVersion, now, expiry(now)));
        });
    }

    @Override
    public SessionPage list(SessionQuery query) {
        return observe("list", () -> {
            Objects.requireNonNull(query, "query must not be null");
            PageCursor after = (query.pageToken() != null) ? PageCursor.decode(query.pageToken()) : null;
            // One more than the page tells whether another page follows without a count query.
            List<SessionSummary> found = this.store.list(query, after, query.limit() + 1, now());
            if (found.size() <= query.limit()) {
                return new SessionPage(found, null);
            }
            List<SessionSummary> page = found.subList(0, query.limit());
            return new SessionPage(page, PageCursor.after(page.get(page.size() - 1)).encode());
        });
    }

    @Override
    public void archive(SessionRef ref) {
        this.observations.observe("archive", this.storeType, () -> {
            Objects.requireNonNull(ref, "ref must not be null");
            if (!this.store.archive(ref, now())) {
                throw new SessionNotFoundException(ref);
            }
            this.listener.archived(ref);
        });
    }

    @Override
    public int archiveInactive(Duration inactivity) {
        return observe("archiveInactive", () -> {
            Objects.requireNonNull(inactivity, "inactivity must not be null");
            if (inactivity.isNegative()) {
                throw new IllegalArgumentException("inactivity must not be negative, was " + inactivity);
            }
            Instant now = now();
            return this.store.archiveInactive(Timestamps.plus("inactivity cutoff", now, inactivity.negated()), now);
        });
    }

    @Override
    public boolean delete(SessionRef ref) {
        return observe("delete", () -> {
            Objects.requireNonNull(ref, "ref must not be null");
            boolean deleted = this.store.delete(ref);
            if (deleted) {
                this.listener.deleted(ref);
            }
            return deleted;
        });
    }

    @Override
    public int deleteAll(String tenant, String app) {
        return observe("deleteAll", () -> {
            Identifiers.requireValid("tenant", tenant);
            Identifiers.requireValid("app", app);
            return this.store.deleteAll(tenant, app);
        });
    }

    @Override
    public void clearAll(String confirmation) {
        this.observations.observe("clearAll", this.storeType, () -> {
            if (!CLEAR_ALL_CONFIRMATION.equals(confirmation)) {
                throw new IllegalArgumentException("clearAll deletes every session and document of the store; "
                        + "pass SessionManager.CLEAR_ALL_CONFIRMATION (\"" + CLEAR_ALL_CONFIRMATION
                        + "\") to confirm. Nothing was deleted");
            }
            this.store.clearAll();
        });
    }

    @Override
    public ScopedStore documents() {
        return this.documents;
    }

    @Override
    public SessionWait registerWait(SessionRef ref, String waitingUserId, ReplyScope scope, FlowState flow,
            @Nullable Duration ttl, @Nullable JsonNode payload) {
        return observe("registerWait", () -> {
            Objects.requireNonNull(ref, "ref must not be null");
            Identifiers.requireValid("waitingUserId", waitingUserId);
            Objects.requireNonNull(scope, "scope must not be null");
            Objects.requireNonNull(flow, "flow must not be null");
            Timestamps.requireTtl("wait ttl", ttl);
            FlowState checkedFlow = this.input.flow(flow);
            JsonNode checkedPayload = this.input.tree("wait payload", payload);
            Instant now = now();
            Instant sessionExpiresAt = expiry(now);
            Instant waitExpiresAt = Timestamps.plus("wait expiry", now,
                    (ttl != null) ? ttl : this.settings.waitTtl());
            if (sessionExpiresAt != null && sessionExpiresAt.isBefore(waitExpiresAt)) {
                waitExpiresAt = sessionExpiresAt;
            }
            SessionWait wait = new SessionWait(ref, waitingUserId, scope, checkedFlow, checkedPayload, now,
                    waitExpiresAt);
            return this.waits.registerWait(new RegisterWaitCommand(wait, sessionExpiresAt));
        });
    }

    @Override
    public Optional<SessionWait> findWait(WaitKey key) {
        return observe("findWait", () -> {
            Objects.requireNonNull(key, "key must not be null");
            return this.waits.findWait(key, now());
        });
    }

    @Override
    public List<SessionWait> listWaits(String tenant, String app, String userId) {
        return observe("listWaits", () -> {
            Identifiers.requireValid("tenant", tenant);
            Identifiers.requireValid("app", app);
            Identifiers.requireValid("userId", userId);
            return this.waits.listWaits(tenant, app, userId, now());
        });
    }

    @Override
    public boolean clearWait(WaitKey key) {
        return observe("clearWait", () -> {
            Objects.requireNonNull(key, "key must not be null");
            return this.waits.clearWait(key, now());
        });
    }

    @Override
    public Optional<SessionWait> resume(WaitKey key, boolean clearFlow) {
        return observe("resume", () -> {
            Objects.requireNonNull(key, "key must not be null");
            Instant now = now();
            return this.waits.claimWait(new ClaimWaitCommand(key, now, clearFlow, clearFlow ? expiry(now) : null));
        });
    }

    @Override
    public SessionLease acquireLease(SessionRef ref, String owner, Duration ttl, Duration maxWait) {
        return observe("acquireLease", () -> this.leases.acquire(ref, owner, ttl, maxWait));
    }

    @Override
    public SessionLease renewLease(SessionLease lease, Duration ttl) {
        return observe("renewLease", () -> this.leases.renew(lease, ttl));
    }

    @Override
    public boolean releaseLease(SessionLease lease) {
        return observe("releaseLease", () -> this.leases.release(lease));
    }

    @Override
    public Optional<SessionEvent> findEvent(SessionRef ref, String eventId) {
        return observe("findEvent", () -> this.leases.findEvent(ref, eventId));
    }

    /**
     * A manager like this one over stores that stamp the lease's token on every write of its session.
     */
    @Override
    public SessionManager withLease(SessionLease lease) {
        Objects.requireNonNull(lease, "lease must not be null");
        LeaseFencedStore fenced = this.leases.fence(this.store, this.waits, lease);
        return new DefaultSessionManager(fenced, fenced, this.idGenerator, this.clock, this.codec, this.settings,
                this.listener, this.observations, this.compactor.settings());
    }

    private <T> T observe(String operation, Supplier<T> call) {
        return this.observations.observe(operation, this.storeType, call);
    }

    private Instant now() {
        // What truncatedTo(MICROS) returns, without its arithmetic on the time of day, on every call.
        Instant now = this.clock.instant();
        int nanos = now.getNano();
        return (nanos % 1000 == 0) ? now : Instant.ofEpochSecond(now.getEpochSecond(), nanos - nanos % 1000);
    }

    private @Nullable Instant expiry(Instant now) {
        Duration ttl = this.settings.ttl();
        return (ttl != null) ? Timestamps.plus("session expiry", now, ttl) : null;
    }

    private void checkSize(SessionEvent event) {
        if (this.codec.sizeUpperBound(event) <= this.settings.maxEventSize()) {
            return;
        }
        long size = this.codec.sizeOf(event);
        if (size > this.settings.maxEventSize()) {
            throw new IllegalArgumentException("Event '" + event.id() + "' is " + size
                    + " bytes serialized, more than the limit of " + this.settings.maxEventSize()
                    + " bytes (agent.session.max-event-size); nothing was written");
        }
    }
}
