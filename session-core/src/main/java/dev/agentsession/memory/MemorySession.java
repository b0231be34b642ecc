package dev.agentsession.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.agentsession.AgentSession;
import dev.agentsession.EventType;
import dev.agentsession.EventsRemovedException;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.SessionSummary;
import dev.agentsession.StaleSessionException;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.memory.MemoryListingIndexes.ListingKey;
import dev.agentsession.memory.MemoryListingIndexes.UserKey;
import dev.agentsession.store.LeaseFence;
import dev.agentsession.history.Compaction;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.HistoryReplay;
import dev.agentsession.store.RewoundRanges;
import org.jspecify.annotations.Nullable;

/**
 * One session held in memory. Mutable, and guarded by its own monitor: writers change it inside the
 * cache's per-key compute, readers copy it into an immutable snapshot.
 */
final class MemorySession {

    final SessionRef ref;

    /** The session's user in its app, made once: the key of its shared state and of its listing indexes. */
    final UserKey owner;

    Map<String, String> metadata;

    final Instant createdAt;

    /** The events by seq - 1; those before {@link #firstSeq}, removed by history retention, are {@code null}. */
    final List<SessionEvent> events = new ArrayList<>();

    final Map<String, SessionEvent> eventsById = new HashMap<>();

    /** The session-scope state; changed only through {@link #changeState(Map)} and {@link #replaceState(Map)}. */
    private final Map<String, Object> state = new LinkedHashMap<>();

    /** An immutable copy of {@link #state}, kept until it changes: most writes and reads do not change it. */
    private @Nullable Map<String, Object> frozenState;

    /**
     * The session-scope state given at creation, which rewinds and forks rebuild from; once history retention removed
     * events, the state after the last one removed.
     */
    Map<String, Object> initialState = Map.of();

    /** The ranges of {@link #events} that rewinds took out of the effective history. */
    RewoundRanges rewound = RewoundRanges.none();

    SessionStatus status = SessionStatus.ACTIVE;

    @Nullable FlowState flow;

    /** The keys of the waits this session registered; some may since have been replaced by other sessions. */
    final Set<WaitKey> waitKeys = new HashSet<>();

    long version = 1;

    /** The seq of the latest {@code COMPACTION} event, or 0, where {@link EventWindow#context()} starts. */
    long compactionSeq;

    /** The first event history retention has kept. */
    long firstSeq = 1;

    Instant updatedAt;

    @Nullable Instant expiresAt;

    /** The last fencing token issued for the session's run lease, 0 before the first one. */
    long leaseToken;

    /** When the run lease expires; {@code null} once released, or before the first one. */
    @Nullable Instant leaseExpiresAt;

    private @Nullable ListingKey listingKey;

    /** Set, under this monitor, when the session leaves the cache: a write that holds it then must not apply. */
    boolean removed;

    MemorySession(SessionRef ref, Map<String, String> metadata, Instant now, @Nullable Instant expiresAt) {
        this.ref = ref;
        this.owner = UserKey.of(ref);
        this.metadata = Map.copyOf(metadata);
        this.createdAt = now;
        this.updatedAt = now;
        this.expiresAt = expiresAt;
    }

    boolean isExpired(Instant now) {
        return this.expiresAt != null && !this.expiresAt.isAfter(now);
    }

    /**
     * @throws SessionArchivedException if the session is archived
     */
    void requireActive() {
        if (this.status == SessionStatus.ARCHIVED) {
            throw new SessionArchivedException(this.ref);
        }
    }

    /**
     * Archives the session if it is active, advancing its version.
     * @return whether it was active
     */
    boolean archive() {
        if (this.status != SessionStatus.ACTIVE) {
            return false;
        }
        this.status = SessionStatus.ARCHIVED;
        this.version++;
        return true;
    }

    /**
     * @throws StaleSessionException if a version is expected and this is not it
     */
    void requireVersion(@Nullable Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != this.version) {
            throw new StaleSessionException(this.ref, expectedVersion, this.version);
        }
    }

    /**
     * @throws SessionLeasedException if the session's run lease refuses a write; see {@link LeaseFence}
     */
    void requireLease(@Nullable Long fencingToken, Instant now) {
        LeaseFence.check(this.ref, fencingToken, this.leaseToken, this.leaseExpiresAt, now);
    }

    boolean isLeased(Instant now) {
        return this.leaseExpiresAt != null && this.leaseExpiresAt.isAfter(now);
    }

    /**
     * The session's key in the listing indexes, made again only when {@code updatedAt} has changed since: a write
     * takes it out of the indexes and puts it back under the new one.
     */
    ListingKey listingKey() {
        if (this.listingKey == null || this.listingKey.updatedAt() != this.updatedAt) {
            this.listingKey = new ListingKey(this.updatedAt, this.ref.userId(), this.ref.sessionId());
        }
        return this.listingKey;
    }

    /**
     * The events of a window in the effective history, walking back from the newest so that {@code recent(n)} reads
     * n events and jumps over rewound ranges without reading them. They fill an array from its end, which becomes
     * the immutable list the snapshot keeps without copying it again.
     */
    List<SessionEvent> window(EventWindow window) {
        if (!window.includeEvents()) {
            return List.of();
        }
        if (window.fromCompaction()) {
            long seq = effectiveCompactionSeq();
            if (seq == 0) {
                return window(window.withoutContext());
            }
            SessionEvent compaction = this.events.get((int) seq - 1);
            List<SessionEvent> after = window(window.afterCompaction(Compaction.of(compaction).toSeq()));
            return Compaction.context(compaction, after, window);
        }
        // Events before the first one kept were removed by history retention.
        long lowest = Math.max(window.afterSeq(), this.firstSeq - 1);
        List<RewoundRanges.Range> effective = this.rewound.effective(lowest, this.events.size());
        long candidates = 0;
        for (int r = 0; r < effective.size(); r++) {
            candidates += effective.get(r).to() - effective.get(r).from() + 1;
        }
        SessionEvent[] selected = new SessionEvent[(int) Math.min(candidates,
                window.recentCount().orElse(Integer.MAX_VALUE))];
        int first = selected.length;
        for (int r = effective.size() - 1; r >= 0 && first > 0; r--) {
            RewoundRanges.Range interval = effective.get(r);
            for (long seq = interval.to(); seq >= interval.from() && first > 0; seq--) {
                SessionEvent event = this.events.get((int) seq - 1);
                if (window.admits(event)) {
                    selected[--first] = event;
                }
            }
        }
        return (first == 0) ? List.of(selected) : List.of(Arrays.copyOfRange(selected, first, selected.length));
    }

    /**
     * Numbers the events of an append that the log does not hold yet, after its last and in order; an event whose
     * id it holds is answered with the stored one.
     * @param result filled with each event as stored, in the order given
     * @return the new events, numbered
     */
    List<SessionEvent> numberNew(List<SessionEvent> events, List<SessionEvent> result) {
        List<SessionEvent> added = new ArrayList<>(events.size());
        for (SessionEvent event : events) {
            SessionEvent stored = this.eventsById.get(event.id());
            if (stored != null) {
                result.add(stored);
            }
            else {
                SessionEvent numbered = event.withSeq(this.events.size() + added.size() + 1);
                added.add(numbered);
                result.add(numbered);
            }
        }
        return added;
    }

    /**
     * The state deltas of events, in order; a loop rather than a stream, on the append path.
     */
    static List<Map<String, @Nullable Object>> deltasOf(List<SessionEvent> events) {
        List<Map<String, @Nullable Object>> deltas = new ArrayList<>(events.size());
        for (SessionEvent event : events) {
            deltas.add(event.stateDelta());
        }
        return deltas;
    }

    /**
     * The session-scope state as an immutable map, copied again only after a change.
     */
    Map<String, Object> state() {
        if (this.frozenState == null) {
            this.frozenState = Map.copyOf(this.state);
        }
        return this.frozenState;
    }

    /**
     * Applies session-scope changes; a {@code null} value removes its key.
     */
    void changeState(Map<String, @Nullable Object> changes) {
        if (!changes.isEmpty()) {
            StateChanges.applyTo(this.state, changes);
            this.frozenState = null;
        }
    }

    /**
     * Replaces the session-scope state, as a rewind or a fork rebuilt it.
     */
    void replaceState(Map<String, Object> rebuilt) {
        this.state.clear();
        this.state.putAll(rebuilt);
        this.frozenState = null;
    }

    /**
     * Adds numbered events to the log, and moves where the context starts past a {@code COMPACTION} event.
     */
    void addEvents(List<SessionEvent> added) {
        for (SessionEvent event : added) {
            this.events.add(event);
            this.eventsById.put(event.id(), event);
            if (event.type() == EventType.COMPACTION) {
                this.compactionSeq = event.seq();
            }
        }
    }

    /**
     * The seq of the latest {@code COMPACTION} event that still counts: a rewind may have taken out later ones, each
     * of which names the one before it.
     * @return the seq, or 0 when no compaction counts
     */
    long effectiveCompactionSeq() {
        long seq = this.compactionSeq;
        while (seq > 0 && this.rewound.covers(seq)) {
            SessionEvent compaction = (seq >= this.firstSeq) ? this.events.get((int) seq - 1) : null;
            seq = (compaction != null) ? Compaction.of(compaction).previousSeq() : 0;
        }
        return seq;
    }

    /**
     * The events from a sequence number on.
     * @throws EventsRemovedException if history retention removed some of them
     */
    List<SessionEvent> range(long fromSeq, int limit) {
        if (fromSeq < this.firstSeq) {
            throw new EventsRemovedException(this.ref, fromSeq, this.firstSeq);
        }
        int from = (int) Math.min(fromSeq - 1, this.events.size());
        int to = (int) Math.min((long) from + limit, this.events.size());
        return List.copyOf(this.events.subList(from, to));
    }

    /**
     * Removes the first events up to the latest compaction's range end, stopping at the first one not older than
     * {@code before}; the version and update time stay. The initial state becomes the session-scope state after the
     * last removed event, so that rewinds and forks after it rebuild from there.
     * @return how many were removed
     */
    int removeCompacted(Instant before) {
        long seq = effectiveCompactionSeq();
        if (seq == 0) {
            return 0;
        }
        long toSeq = Compaction.of(this.events.get((int) seq - 1)).toSeq();
        List<SessionEvent> removed = new ArrayList<>();
        while (this.firstSeq <= toSeq) {
            SessionEvent event = this.events.get((int) this.firstSeq - 1);
            if (!event.timestamp().isBefore(before)) {
                break;
            }
            removed.add(event);
            this.events.set((int) this.firstSeq - 1, null);
            this.eventsById.remove(event.id());
            this.firstSeq++;
        }
        if (!removed.isEmpty()) {
            this.initialState = HistoryReplay.sessionState(this.initialState, removed, this.rewound,
                    this.firstSeq - 1);
        }
        return removed.size();
    }

    /**
     * The events still stored, oldest first: those history retention removed are not among them.
     */
    List<SessionEvent> storedEvents() {
        return this.events.subList((int) this.firstSeq - 1, this.events.size());
    }

    AgentSession snapshot(Map<String, Object> mergedState, List<SessionEvent> events) {
        return new AgentSession(this.ref, this.status, this.metadata, mergedState, this.flow, events,
                this.events.size(), this.version, this.createdAt, this.updatedAt, this.expiresAt);
    }

    SessionSummary summary() {
        return new SessionSummary(this.ref, this.status, this.metadata, this.events.size(), this.version,
                this.createdAt, this.updatedAt, this.expiresAt);
    }
}
