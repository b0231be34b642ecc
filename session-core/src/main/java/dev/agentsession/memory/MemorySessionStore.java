package dev.agentsession.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSummary;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.memory.MemoryListingIndexes.AppKey;
import dev.agentsession.memory.MemoryListingIndexes.UserKey;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.AppendCommand;
import dev.agentsession.store.ClaimWaitCommand;
import dev.agentsession.store.CreateCommand;
import dev.agentsession.store.FlowCommand;
import dev.agentsession.store.ForkCommand;
import dev.agentsession.store.HistoryReplay;
import dev.agentsession.store.LeaseStore;
import dev.agentsession.store.HistoryRetention;
import dev.agentsession.store.MetadataCommand;
import dev.agentsession.store.PageCursor;
import dev.agentsession.store.RegisterWaitCommand;
import dev.agentsession.store.RewindCommand;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.StateCommand;
import dev.agentsession.store.UserDataStore;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionStore}, {@link WaitStore} and {@link UserDataStore} in memory, on a Caffeine cache bounded by a
 * maximum number of sessions and expiring each session at its own {@code expiresAt} (read from the injected clock,
 * so tests can move time).
 *
 * <p>Each write runs under the monitor of that one session (inside the cache's compute for it when its expiry
 * changes), which serializes writers of a session without any global lock. A session's run lease is kept with it
 * ({@link MemoryLeases}), changed under that same monitor and checked by every write in the same atomic step. Listings walk skip-list indexes kept in listing order per app, per user and
 * per metadata key and value ({@link MemoryListingIndexes}), so a page costs what it holds; index entries of
 * sessions that are gone are dropped when met. The privacy operations on one user walk every session held.
 */
public final class MemorySessionStore implements SessionStore, WaitStore, UserDataStore, LeaseStore, HistoryRetention {

    private final Cache<SessionRef, MemorySession> sessions;

    private final MemoryListingIndexes indexes = new MemoryListingIndexes();

    private final MemorySharedState shared = new MemorySharedState();

    private final MemoryWaits waits = new MemoryWaits();

    private final MemoryScopedStore documents;

    private final MemoryLeases leases;

    private final MemoryWrites writes;

    /**
     * Creates a store.
     * @param clock the clock that drives expiry
     * @param maximumSessions the most sessions kept; the least recently used are evicted beyond it
     * @param codec normalizes documents
     */
    public MemorySessionStore(Clock clock, long maximumSessions, SessionCodec codec) {
        Objects.requireNonNull(clock, "clock must not be null");
        if (maximumSessions < 1) {
            throw new IllegalArgumentException("maximumSessions must be positive, was " + maximumSessions);
        }
        this.documents = new MemoryScopedStore(codec);
        this.sessions = new MemorySessionExpiry(clock).cache(maximumSessions, (session) -> {
            synchronized (session) {
                session.removed = true;
                this.indexes.remove(session);
                removeWaits(session);
            }
        });
        this.leases = new MemoryLeases(this.sessions.asMap());
        this.writes = new MemoryWrites(this.sessions, this.indexes);
    }

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public AgentSession create(CreateCommand command) {
        MemorySession created = new MemorySession(command.ref(), command.metadata(), command.now(),
                command.expiresAt());
        created.initialState = HistoryReplay.initialState(command.state());
        return insert(created, command.state(), command.now());
    }

    /**
     * Puts a new session in the cache with its state, in one compute: it becomes visible whole or not at all.
     */
    private AgentSession insert(MemorySession created, StateChanges state, Instant now) {
        SessionRef ref = created.ref;
        this.sessions.asMap().compute(ref, (key, existing) -> {
            if (existing != null) {
                synchronized (existing) {
                    if (!existing.isExpired(now)) {
                        throw new SessionAlreadyExistsException(ref);
                    }
                    existing.removed = true;
                    this.indexes.remove(existing);
                    removeWaits(existing);
                }
            }
            synchronized (created) {
                applyState(state, created);
                this.indexes.add(created);
            }
            return created;
        });
        return snapshot(created, List.of());
    }

    @Override
    public Optional<AgentSession> find(SessionRef ref, EventWindow window, Instant now) {
        MemorySession session = this.writes.live(ref, now);
        if (session == null) {
            return Optional.empty();
        }
        synchronized (session) {
            return Optional.of(snapshot(session, session.window(window)));
        }
    }

    @Override
    public List<SessionEvent> events(SessionRef ref, long fromSeq, int limit, Instant now) {
        MemorySession session = this.writes.live(ref, now);
        if (session == null) {
            throw new SessionNotFoundException(ref);
        }
        synchronized (session) {
            return session.range(fromSeq, limit);
        }
    }

    @Override
    public AgentSession append(AppendCommand command) {
        return this.writes.write(command.ref(), command.now(), command.expiresAt(), (session) -> {
            session.requireLease(command.fencingToken(), command.now());
            session.requireActive();
            List<SessionEvent> result = new ArrayList<>(command.events().size());
            List<SessionEvent> added = session.numberNew(command.events(), result);
            if (added.isEmpty()) {
                return snapshot(session, result);
            }
            session.requireVersion(command.expectedVersion());
            session.addEvents(added);
            applyState(StateChanges.ofAll(MemorySession.deltasOf(added)), session);
            touch(session, command.now(), command.expiresAt());
            return snapshot(session, result);
        });
    }

    @Override
    public long removeCompactedEvents(Instant removeBefore, int batchSize, Instant now) {
        return MemoryHistory.removeCompacted(this.sessions, removeBefore, batchSize, now);
    }

    @Override
    public AgentSession updateState(StateCommand command) {
        return this.writes.write(command.ref(), command.now(), command.expiresAt(), (session) -> {
            session.requireLease(command.fencingToken(), command.now());
            session.requireActive();
            session.requireVersion(command.expectedVersion());
            applyState(command.changes(), session);
            touch(session, command.now(), command.expiresAt());
            return snapshot(session, List.of());
        });
    }

    @Override
    public AgentSession rewind(RewindCommand command) {
        return this.writes.write(command.ref(), command.now(), command.expiresAt(), (session) -> {
            session.requireLease(command.fencingToken(), command.now());
            session.requireActive();
            session.requireVersion(command.expectedVersion());
            SessionEvent marker = MemoryHistory.rewind(session, command);
            touch(session, command.now(), command.expiresAt());
            return snapshot(session, List.of(marker));
        });
    }

    @Override
    public AgentSession fork(ForkCommand command) {
        MemorySession source = this.writes.live(command.source(), command.now());
        if (source == null) {
            throw new SessionNotFoundException(command.source());
        }
        return insert(MemoryHistory.fork(source, command), StateChanges.none(), command.now());
    }

    @Override
    public List<SessionSummary> list(SessionQuery query, @Nullable PageCursor after, int limit, Instant now) {
        return this.indexes.page(query, after, limit, (ref) -> this.writes.live(ref, now));
    }

    @Override
    public boolean archive(SessionRef ref, Instant now) {
        return archive(ref, now, null);
    }

    @Override
    public boolean archive(SessionRef ref, Instant now, @Nullable Long fencingToken) {
        return this.sessions.asMap().computeIfPresent(ref, (key, session) -> {
            synchronized (session) {
                if (session.isExpired(now)) {
                    session.removed = true;
                    this.indexes.remove(session);
                    return null;
                }
                session.requireLease(fencingToken, now);
                if (session.archive()) {
                    removeWaits(session);
                }
                return session;
            }
        }) != null;
    }

    @Override
    public int archiveInactive(Instant updatedBefore, Instant now) {
        AtomicInteger archived = new AtomicInteger();
        for (SessionRef ref : List.copyOf(this.sessions.asMap().keySet())) {
            this.sessions.asMap().computeIfPresent(ref, (key, session) -> {
                synchronized (session) {
                    if (session.isExpired(now)) {
                        session.removed = true;
                        this.indexes.remove(session);
                        return null;
                    }
                    if (session.updatedAt.isBefore(updatedBefore) && session.archive()) {
                        removeWaits(session);
                        archived.incrementAndGet();
                    }
                    return session;
                }
            });
        }
        return archived.get();
    }

    @Override
    public boolean delete(SessionRef ref) {
        MemorySession removed = this.sessions.asMap().remove(ref);
        if (removed == null) {
            return false;
        }
        synchronized (removed) {
            removed.removed = true;
            this.indexes.remove(removed);
            removeWaits(removed);
            return true;
        }
    }

    @Override
    public int deleteAll(String tenant, String app) {
        int deleted = 0;
        for (SessionRef ref : List.copyOf(this.sessions.asMap().keySet())) {
            if (ref.tenant().equals(tenant) && ref.app().equals(app) && delete(ref)) {
                deleted++;
            }
        }
        AppKey appKey = new AppKey(tenant, app);
        this.shared.removeApp(appKey);
        this.indexes.removeApp(appKey);
        this.waits.removeApp(appKey);
        return deleted;
    }

    @Override
    public void clearAll() {
        // Marked first, so that a write in place that holds one of them does not apply to a session gone.
        this.sessions.asMap().values().forEach((session) -> {
            synchronized (session) {
                session.removed = true;
            }
        });
        this.sessions.invalidateAll();
        this.indexes.clear();
        this.shared.clear();
        this.waits.clear();
        this.documents.clear();
    }

    // --- flows and metadata ------------------------------------------------------------------------------

    @Override
    public AgentSession updateFlow(FlowCommand command) {
        return this.writes.write(command.ref(), command.now(), command.expiresAt(), (session) -> {
            session.requireLease(command.fencingToken(), command.now());
            session.requireActive();
            session.requireVersion(command.expectedVersion());
            session.flow = command.flow();
            touch(session, command.now(), command.expiresAt());
            return snapshot(session, List.of());
        });
    }

    @Override
    public AgentSession updateMetadata(MetadataCommand command) {
        return this.writes.write(command.ref(), command.now(), command.expiresAt(), (session) -> {
            session.requireLease(command.fencingToken(), command.now());
            session.requireActive();
            session.requireVersion(command.expectedVersion());
            // Out of the indexes of the old values before the change, into those of the new ones by touch().
            this.indexes.remove(session);
            session.metadata = command.applyTo(session.metadata);
            touch(session, command.now(), command.expiresAt());
            return snapshot(session, List.of());
        });
    }

    @Override
    public SessionWait registerWait(RegisterWaitCommand command) {
        SessionWait wait = command.sessionWait();
        this.writes.write(wait.session(), wait.createdAt(), command.sessionExpiresAt(), (session) -> {
            session.requireLease(command.fencingToken(), wait.createdAt());
            session.requireActive();
            session.flow = wait.flow();
            touch(session, wait.createdAt(), command.sessionExpiresAt());
            this.waits.put(wait);
            session.waitKeys.add(wait.key());
            return snapshot(session, List.of());
        });
        return wait;
    }

    @Override
    public Optional<SessionWait> findWait(WaitKey key, Instant now) {
        return Optional.ofNullable(this.waits.find(key, now));
    }

    @Override
    public List<SessionWait> listWaits(String tenant, String app, String userId, Instant now) {
        return this.waits.list(new UserKey(tenant, app, userId), now);
    }

    @Override
    public boolean clearWait(WaitKey key, Instant now) {
        return this.waits.clear(key, now);
    }

    @Override
    public Optional<SessionWait> claimWait(ClaimWaitCommand command) {
        return Optional.ofNullable(this.waits.claim(command, this.sessions.asMap(), (session) -> {
            session.flow = null;
            touch(session, command.now(), command.sessionExpiresAt());
        }));
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
        return ofUser(tenant, userId).filter((ref) -> this.writes.live(ref, now) != null)
            .sorted(Comparator.comparing(SessionRef::app).thenComparing(SessionRef::sessionId))
            .toList();
    }

    @Override
    public Map<String, Map<String, Object>> userStateOfUser(String tenant, String userId) {
        return this.shared.ofUser(tenant, userId);
    }

    @Override
    public List<SessionWait> waitsOfUser(String tenant, String userId, Instant now) {
        return this.waits.ofUser(tenant, userId, now);
    }

    @Override
    public int eraseUser(String tenant, String userId) {
        int deleted = (int) ofUser(tenant, userId).toList().stream().filter(this::delete).count();
        this.shared.removeUser(tenant, userId);
        this.waits.removeWaitingUser(tenant, userId);
        return deleted;
    }

    /**
     * The sessions held of a user in a tenant, live or not; walks every session.
     */
    private Stream<SessionRef> ofUser(String tenant, String userId) {
        return this.sessions.asMap()
            .keySet()
            .stream()
            .filter((ref) -> ref.tenant().equals(tenant) && ref.userId().equals(userId));
    }

    @Override
    public ScopedStore documents() {
        return this.documents;
    }

    @Override
    public void ping() {
        this.sessions.estimatedSize();
    }

    private void removeWaits(MemorySession session) {
        this.waits.removeOfSession(session.ref, session.waitKeys);
        session.waitKeys.clear();
    }

    private void touch(MemorySession session, Instant now, @Nullable Instant expiresAt) {
        this.indexes.remove(session);
        session.version++;
        session.updatedAt = now;
        session.expiresAt = expiresAt;
        this.indexes.add(session);
    }

    private void applyState(StateChanges changes, MemorySession session) {
        session.changeState(changes.session());
        this.shared.apply(session.owner, changes);
    }

    private AgentSession snapshot(MemorySession session, List<SessionEvent> events) {
        return session.snapshot(this.shared.merge(session.owner, session.state()), events);
    }
}
