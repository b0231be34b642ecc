package dev.agentsession.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import org.jspecify.annotations.Nullable;

/**
 * Append events in one atomic step. The store assigns each new event the next sequence number, applies the
 * state deltas of the new events (not of events whose id it already holds) in order, and advances the
 * version once. When every event id is already stored, nothing changes and no version check is made, so
 * that a retry of a write that succeeded returns its result.
 *
 * @param ref the session
 * @param events the events, ids distinct, their {@code seq} not yet assigned and {@code temp:} keys removed
 * @param expectedVersion the version the session must have, or {@code null}
 * @param now the write time, the new {@code updatedAt}
 * @param expiresAt the new expiry, or {@code null}
 * @param fencingToken the token of the writer's run lease, or {@code null}; see {@link LeaseFence}
 */
public record AppendCommand(SessionRef ref, List<SessionEvent> events, @Nullable Long expectedVersion, Instant now,
        @Nullable Instant expiresAt, @Nullable Long fencingToken) {

    /**
     * Checks the arguments.
     */
    public AppendCommand {
        Objects.requireNonNull(ref, "ref must not be null");
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("An append needs at least one event");
        }
        Objects.requireNonNull(now, "now must not be null");
    }

    /**
     * A write without a fencing token.
     * @param ref see the record
     * @param events see the record
     * @param expectedVersion see the record
     * @param now see the record
     * @param expiresAt see the record
     */
    public AppendCommand(SessionRef ref, List<SessionEvent> events, @Nullable Long expectedVersion, Instant now,
            @Nullable Instant expiresAt) {
        this(ref, events, expectedVersion, now, expiresAt, null);
    }
}
