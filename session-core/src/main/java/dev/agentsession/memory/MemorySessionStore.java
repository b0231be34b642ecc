package dev.agentsession.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.SessionSummary;
import dev.agentsession.StaleSessionException;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.AppendCommand;
import dev.agentsession.store.CreateCommand;
import dev.agentsession.store.PageCursor;
import dev.agentsession.store.RegisterWaitCommand;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.StateCommand;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionStore} and {@link WaitStore} in memory, on a Caffeine cache bounded by a maximum number of sessions and
 * expiring each session at its own {@code expiresAt} (read from the injected clock, so tests can move time).
 *
 * <p>Each write runs inside the cache's compute for that one session, which serializes writers of a
 * session without any global lock. Listings walk skip-list indexes kept in listing order per app and per
 * user, so a page costs what it holds; index entries of sessions that are gone are dropped when met.
 */
public final class MemorySessionStore implements SessionStore, WaitStore {

    private final Cache<SessionRef, MemorySession> sessions;

    private final ConcurrentMap<AppKey, NavigableSet<PageCursor>> appIndex = new ConcurrentHashMap<>();

    private final ConcurrentMap<UserKey, NavigableSet<PageCursor>> userIndex = new ConcurrentHashMap<>();

    private final ConcurrentMap<AppKey, Map<String, Object>> appState = new ConcurrentHashMap<>();

    private final ConcurrentMap<UserKey, Map<String, Object>> userState = new ConcurrentHashMap<>();

    private final ConcurrentMap<UserKey, ConcurrentMap<ReplyScope, SessionWait>> waits = new ConcurrentHashMap<>();

    private final MemoryScopedStore documents;

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
        this.sessions = Caffeine.newBuilder()
            .maximumSize(maximumSessions)
            .ticker(ticker(clock))
            .expireAfter(new SessionExpiry(clock))
            .<SessionRef, MemorySession>evictionListener((ref, session, cause) -> {
                if (session != null) {
                    unindex(session);
                    removeWaits(session.ref);
                }
            })
            .build();
    }

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public AgentSession create(CreateCommand command) {
        SessionRef ref = command.ref();
        MemorySession created = new MemorySession(ref, command.metadata(), command.now(), command.expiresAt());
        this.sessions.asMap().compute(ref, (key, existing) -> {
            if (existing != null) {
                synchronized (existing) {
                    if (!existing.isExpired(command.now())) {
                        throw new SessionAlreadyExistsException(ref);
                    }
                    unindex(existing);
                }
            }
            synchronized (created) {
                applyState(ref, command.state(), created);
                index(created);
            }
            return created;
        });
        return snapshot(created, List.of());
    }

    @Override
    public Optional<AgentSession> find(SessionRef ref, EventWindow window, Instant now) {
        MemorySession session = live(ref, now);
        if (session == null) {
            return Optional.empty();
        }
        synchronized (session) {
            return Optional.of(snapshot(session, session.window(window)));
        }
    }

    @Override
    public List<SessionEvent> events(SessionRef ref, long fromSeq, int limit, Instant now) {
        MemorySession session = live(ref, now);
        if (session == null) {
            throw new SessionNotFoundException(ref);
        }
        synchronized (session) {
            int from = (int) Math.min(fromSeq - 1, session.events.size());
            int to = (int) Math.min((long) from + limit, session.events.size());
            return List.copyOf(session.events.subList(from, to));
        }
    }

    @Override
    public AgentSession append(AppendCommand command) {
        return write(command.ref(), command.now(), (session) -> {
            requireActive(session);
            List<SessionEvent> result = new ArrayList<>(command.events().size());
            List<SessionEvent> added = new ArrayList<>(command.events().size());
            for (SessionEvent event : command.events()) {
                SessionEvent stored = session.eventsById.get(event.id());
                if (stored != null) {
                    result.add(stored);
                }
                else {
                    SessionEvent numbered = event.withSeq(session.events.size() + added.size() + 1);
                    added.add(numbered);
                    result.add(numbered);
                }
            }
            if (added.isEmpty()) {
                return snapshot(session, result);
            }
            requireVersion(session, command.expectedVersion());
            for (SessionEvent event : added) {
                session.events.add(event);
                session.eventsById.put(event.id(), event);
            }
            applyState(session.ref,
                    StateChanges.ofAll(added.stream().map(SessionEvent::stateDelta).toList()), session);
            touch(session, command.now(), command.expiresAt());
            return snapshot(session, result);
        });
    }

    @Override
    public AgentSession updateState(StateCommand command) {
        return write(command.ref(), command.now(), (session) -> {
            requireActive(session);
            requireVersion(session, command.expectedVersion());
            applyState(session.ref, command.changes(), session);
            touch(session, command.now(), command.expiresAt());
            return snapshot(session, List.of());
        });
    }

    @Override
    public List<SessionSummary> list(SessionQuery query, @Nullable PageCursor after, int limit, Instant now) {
        NavigableSet<PageCursor> index = (query.userId() != null)
                ? this.userIndex.get(new UserKey(query.tenant(), query.app(), query.userId()))
                : this.appIndex.get(new AppKey(query.tenant(), query.app()));
        if (index == null) {
            return List.of();
        }
        List<SessionSummary> page = new ArrayList<>(limit);
        for (PageCursor key : (after != null) ? index.tailSet(after, false) : index) {
            if (query.updatedAfter() != null && !key.updatedAt().isAfter(query.updatedAfter())) {
                break;
            }
            if (query.updatedBefore() != null && !key.updatedAt().isBefore(query.updatedBefore())) {
                continue;
            }
            SessionRef ref = new SessionRef(query.tenant(), query.app(), key.userId(), key.sessionId());
            MemorySession session = live(ref, now);
            if (session == null) {
                index.remove(key);
                continue;
            }
            synchronized (session) {
                // A concurrent write has moved the session to a newer key; it is listed there.
                if (session.listingKey().equals(key)
                        && (query.status() == null || query.status() == session.status)) {
                    page.add(session.summary());
                }
            }
            if (page.size() == limit) {
                break;
            }
        }
        return page;
    }

    @Override
    public boolean archive(SessionRef ref, Instant now) {
        return this.sessions.asMap().computeIfPresent(ref, (key, session) -> {
            synchronized (session) {
                if (session.isExpired(now)) {
                    unindex(session);
                    return null;
                }
                if (session.status == SessionStatus.ACTIVE) {
                    session.status = SessionStatus.ARCHIVED;
                    session.version++;
                    removeWaits(ref);
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
                        unindex(session);
                        return null;
                    }
                    if (session.status == SessionStatus.ACTIVE && session.updatedAt.isBefore(updatedBefore)) {
                        session.status = SessionStatus.ARCHIVED;
                        session.version++;
                        removeWaits(ref);
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
            unindex(removed);
            removeWaits(ref);
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
        this.appState.remove(appKey);
        this.appIndex.remove(appKey);
        this.userState.keySet().removeIf((key) -> key.app().equals(appKey));
        this.userIndex.keySet().removeIf((key) -> key.app().equals(appKey));
        this.waits.keySet().removeIf((key) -> key.app().equals(appKey));
        return deleted;
    }

    @Override
    public SessionWait registerWait(RegisterWaitCommand command) {
        SessionWait wait = command.sessionWait();
        write(wait.session(), wait.createdAt(), (session) -> {
            requireActive(session);
            session.flow = wait.flow();
            touch(session, wait.createdAt(), command.sessionExpiresAt());
            this.waits.computeIfAbsent(UserKey.of(wait.session()), (key) -> new ConcurrentHashMap<>())
                .put(wait.scope(), wait);
            return snapshot(session, List.of());
        });
        return wait;
    }

    @Override
    public Optional<SessionWait> findWait(WaitKey key, Instant now) {
        ConcurrentMap<ReplyScope, SessionWait> ofUser = this.waits.get(UserKey.of(key));
        SessionWait wait = (ofUser != null) ? ofUser.get(key.scope()) : null;
        if (wait == null || wait.isExpired(now)) {
            if (wait != null) {
                ofUser.remove(key.scope(), wait);
            }
            return Optional.empty();
        }
        return Optional.of(wait);
    }

    @Override
    public List<SessionWait> listWaits(String tenant, String app, String userId, Instant now) {
        ConcurrentMap<ReplyScope, SessionWait> ofUser = this.waits.get(new UserKey(tenant, app, userId));
        if (ofUser == null) {
            return List.of();
        }
        ofUser.values().removeIf((wait) -> wait.isExpired(now));
        return ofUser.values()
            .stream()
            .sorted(Comparator.comparing(SessionWait::createdAt))
            .toList();
    }

    @Override
    public boolean clearWait(WaitKey key, Instant now) {
        return claimWait(key, now).isPresent();
    }

    @Override
    public Optional<SessionWait> claimWait(WaitKey key, Instant now) {
        ConcurrentMap<ReplyScope, SessionWait> ofUser = this.waits.get(UserKey.of(key));
        // ConcurrentMap.remove is atomic: of concurrent claims exactly one receives the wait.
        SessionWait wait = (ofUser != null) ? ofUser.remove(key.scope()) : null;
        return (wait != null && !wait.isExpired(now)) ? Optional.of(wait) : Optional.empty();
    }

    @Override
    public ScopedStore documents() {
        return this.documents;
    }

    @Override
    public void ping() {
        this.sessions.estimatedSize();
    }

    private @Nullable MemorySession live(SessionRef ref, Instant now) {
        MemorySession session = this.sessions.getIfPresent(ref);
        if (session == null) {
            return null;
        }
        synchronized (session) {
            return session.isExpired(now) ? null : session;
        }
    }

    /**
     * Runs a change on one live session inside the cache's compute for it, so that writers of the session
     * are serialized. An exception thrown by the change leaves the session as it was: every change checks
     * before it mutates.
     */
    private AgentSession write(SessionRef ref, Instant now, Function<MemorySession, AgentSession> change) {
        AgentSession[] result = new AgentSession[1];
        this.sessions.asMap().computeIfPresent(ref, (key, session) -> {
            synchronized (session) {
                if (session.isExpired(now)) {
                    unindex(session);
                    return null;
                }
                result[0] = change.apply(session);
                return session;
            }
        });
        if (result[0] == null) {
            throw new SessionNotFoundException(ref);
        }
        return result[0];
    }

    private void removeWaits(SessionRef ref) {
        ConcurrentMap<ReplyScope, SessionWait> ofUser = this.waits.get(UserKey.of(ref));
        if (ofUser != null) {
            ofUser.values().removeIf((wait) -> wait.session().equals(ref));
        }
    }

    private void requireActive(MemorySession session) {
        if (session.status == SessionStatus.ARCHIVED) {
            throw new SessionArchivedException(session.ref);
        }
    }

    private void requireVersion(MemorySession session, @Nullable Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != session.version) {
            throw new StaleSessionException(session.ref, expectedVersion, session.version);
        }
    }

    private void touch(MemorySession session, Instant now, @Nullable Instant expiresAt) {
        unindex(session);
        session.version++;
        session.updatedAt = now;
        session.expiresAt = expiresAt;
        index(session);
    }

    private void applyState(SessionRef ref, StateChanges changes, MemorySession session) {
        StateChanges.applyTo(session.state, changes.session());
        if (!changes.user().isEmpty()) {
            StateChanges.applyTo(this.userState.computeIfAbsent(UserKey.of(ref), (key) -> new ConcurrentHashMap<>()),
                    changes.user());
        }
        if (!changes.app().isEmpty()) {
            StateChanges.applyTo(this.appState.computeIfAbsent(AppKey.of(ref), (key) -> new ConcurrentHashMap<>()),
                    changes.app());
        }
    }

    private AgentSession snapshot(MemorySession session, List<SessionEvent> events) {
        Map<String, Object> merged = StateChanges.merge(this.appState.getOrDefault(AppKey.of(session.ref), Map.of()),
                this.userState.getOrDefault(UserKey.of(session.ref), Map.of()), session.state);
        return session.snapshot(merged, events);
    }

    private void index(MemorySession session) {
        PageCursor key = session.listingKey();
        this.appIndex.computeIfAbsent(AppKey.of(session.ref), (app) -> new ConcurrentSkipListSet<>(PageCursor.NEWEST_FIRST))
            .add(key);
        this.userIndex
            .computeIfAbsent(UserKey.of(session.ref), (user) -> new ConcurrentSkipListSet<>(PageCursor.NEWEST_FIRST))
            .add(key);
    }

    private void unindex(MemorySession session) {
        PageCursor key = session.listingKey();
        NavigableSet<PageCursor> byApp = this.appIndex.get(AppKey.of(session.ref));
        if (byApp != null) {
            byApp.remove(key);
        }
        NavigableSet<PageCursor> byUser = this.userIndex.get(UserKey.of(session.ref));
        if (byUser != null) {
            byUser.remove(key);
        }
    }

    private static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        };
    }

    private record AppKey(String tenant, String app) {

        static AppKey of(SessionRef ref) {
            return new AppKey(ref.tenant(), ref.app());
        }

    }

    private record UserKey(AppKey app, String userId) {

        UserKey(String tenant, String app, String userId) {
            this(new AppKey(tenant, app), userId);
        }

        static UserKey of(SessionRef ref) {
            return new UserKey(AppKey.of(ref), ref.userId());
        }

        static UserKey of(WaitKey key) {
            return new UserKey(key.tenant(), key.app(), key.userId());
        }

    }

    /**
     * Expires each session at its own {@code expiresAt}, re-read after every write.
     */
    private record SessionExpiry(Clock clock) implements Expiry<SessionRef, MemorySession> {

        @Override
        public long expireAfterCreate(SessionRef key, MemorySession session, long currentTime) {
            return remaining(session);
        }

        @Override
        public long expireAfterUpdate(SessionRef key, MemorySession session, long currentTime,
                long currentDuration) {
            return remaining(session);
        }

        @Override
        public long expireAfterRead(SessionRef key, MemorySession session, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private long remaining(MemorySession session) {
            Instant expiresAt = session.expiresAt;
            if (expiresAt == null) {
                return Long.MAX_VALUE;
            }
            return Math.max(0, Duration.between(this.clock.instant(), expiresAt).toNanos());
        }

    }
}
