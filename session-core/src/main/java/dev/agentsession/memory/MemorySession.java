package dev.agentsession.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.agentsession.AgentSession;
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
import dev.agentsession.store.LeaseFence;
import dev.agentsession.store.PageCursor;
import dev.agentsession.store.RewoundRanges;
import org.jspecify.annotations.Nullable;

/**
 * One session held in memory. Mutable, and guarded by its own monitor: writers change it inside the
 * cache's per-key compute, readers copy it into an immutable snapshot.
 */
final class MemorySession {

    final SessionRef ref;

    Map<String, String> metadata;

    final Instant createdAt;

    final List<SessionEvent> events = new ArrayList<>();

    final Map<String, SessionEvent> eventsById = new HashMap<>();

    final Map<String, Object> state = new LinkedHashMap<>();

    /** The session-scope state given at creation, which rewinds and forks rebuild from. */
    Map<String, Object> initialState = Map.of();

    /** The ranges of {@link #events} that rewinds took out of the effective history. */
    RewoundRanges rewound = RewoundRanges.none();

    SessionStatus status = SessionStatus.ACTIVE;

    @Nullable FlowState flow;

    /** The keys of the waits this session registered; some may since have been replaced by other sessions. */
    final Set<WaitKey> waitKeys = new HashSet<>();

    long version = 1;

    Instant updatedAt;

    @Nullable Instant expiresAt;

    /** The last fencing token issued for the session's run lease, 0 before the first one. */
    long leaseToken;

    /** When the run lease expires; {@code null} once released, or before the first one. */
    @Nullable Instant leaseExpiresAt;

    MemorySession(SessionRef ref, Map<String, String> metadata, Instant now, @Nullable Instant expiresAt) {
        this.ref = ref;
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

    PageCursor listingKey() {
        return new PageCursor(this.updatedAt, this.ref.userId(), this.ref.sessionId());
    }

    /**
     * The events of a window in the effective history, walking back from the newest so that {@code recent(n)} reads
     * n events and jumps over rewound ranges without reading them.
     */
    List<SessionEvent> window(EventWindow window) {
        if (!window.includeEvents()) {
            return List.of();
        }
        int limit = window.recentCount().orElse(Integer.MAX_VALUE);
        List<SessionEvent> selected = new ArrayList<>();
        List<RewoundRanges.Range> effective = this.rewound.effective(window.afterSeq(), this.events.size());
        for (int r = effective.size() - 1; r >= 0 && selected.size() < limit; r--) {
            RewoundRanges.Range interval = effective.get(r);
            for (long seq = interval.to(); seq >= interval.from() && selected.size() < limit; seq--) {
                SessionEvent event = this.events.get((int) seq - 1);
                if (window.admits(event)) {
                    selected.add(event);
                }
            }
        }
        Collections.reverse(selected);
        return selected;
    }

    /**
     * Adds numbered events to the log.
     */
    void addEvents(List<SessionEvent> added) {
        for (SessionEvent event : added) {
            this.events.add(event);
            this.eventsById.put(event.id(), event);
        }
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
