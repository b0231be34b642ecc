package dev.agentsession;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.agentsession.flow.FlowState;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of a session as one read or write saw it.
 *
 * @param ref the session's address
 * @param status active or archived
 * @param metadata string attributes given at creation, such as channel or language
 * @param state the merged state: {@code app:} and {@code user:} keys shared as specified, the session's
 * own keys, and the {@code temp:} keys of the write that returned this snapshot
 * @param flow the paused flow, if any
 * @param events the events the read asked for (or the write appended), oldest first
 * @param eventCount how many events the session holds; also the sequence number of the last one
 * @param version incremented by every change; pass it back as the expected version to detect a
 * concurrent change
 * @param createdAt when the session was created
 * @param updatedAt when it last changed
 * @param expiresAt when it expires, or {@code null} when no time-to-live is set
 */
public record AgentSession(SessionRef ref, SessionStatus status, Map<String, String> metadata,
        Map<String, Object> state, @Nullable FlowState flow, List<SessionEvent> events, long eventCount,
        long version, Instant createdAt, Instant updatedAt, @Nullable Instant expiresAt) {

    /**
     * Checks the arguments and takes immutable copies.
     */
    public AgentSession {
        Objects.requireNonNull(ref, "ref must not be null");
        Objects.requireNonNull(status, "status must not be null");
        metadata = Map.copyOf(metadata);
        state = Map.copyOf(state);
        events = List.copyOf(events);
        Objects.requireNonNull(createdAt, "createdAt must not be null");
        Objects.requireNonNull(updatedAt, "updatedAt must not be null");
    }

    /**
     * The same snapshot with other events.
     * @param events the events
     * @return the snapshot
     */
    public AgentSession withEvents(List<SessionEvent> events) {
        return new AgentSession(this.ref, this.status, this.metadata, this.state, this.flow, events,
                this.eventCount, this.version, this.createdAt, this.updatedAt, this.expiresAt);
    }

    /**
     * The same snapshot with another state map.
     * @param state the merged state
     * @return the snapshot
     */
    public AgentSession withState(Map<String, Object> state) {
        return new AgentSession(this.ref, this.status, this.metadata, state, this.flow, this.events,
                this.eventCount, this.version, this.createdAt, this.updatedAt, this.expiresAt);
    }
}
