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
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.SessionSummary;
import dev.agentsession.StaleSessionException;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.store.PageCursor;
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

    SessionStatus status = SessionStatus.ACTIVE;

    @Nullable FlowState flow;

    /** The keys of the waits this session registered; some may since have been replaced by other sessions. */
    final Set<WaitKey> waitKeys = new HashSet<>();

    long version = 1;

    Instant updatedAt;

    @Nullable Instant expiresAt;

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
     * @throws StaleSessionException if a version is expected and this is not it
     */
    void requireVersion(@Nullable Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != this.version) {
            throw new StaleSessionException(this.ref, expectedVersion, this.version);
        }
    }

    PageCursor listingKey() {
        return new PageCursor(this.updatedAt, this.ref.userId(), this.ref.sessionId());
    }

    /**
     * The events of a window, walking back from the newest so that {@code recent(n)} reads n events.
     */
    List<SessionEvent> window(EventWindow window) {
        if (!window.includeEvents()) {
            return List.of();
        }
        int limit = window.recentCount().orElse(Integer.MAX_VALUE);
        List<SessionEvent> selected = new ArrayList<>();
        for (int i = this.events.size() - 1; i >= window.afterSeq() && selected.size() < limit; i--) {
            SessionEvent event = this.events.get(i);
            if (window.admits(event)) {
                selected.add(event);
            }
        }
        Collections.reverse(selected);
        return selected;
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
