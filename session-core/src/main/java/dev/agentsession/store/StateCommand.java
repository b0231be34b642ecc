package dev.agentsession.store;

import java.time.Instant;
import java.util.Objects;

import dev.agentsession.SessionRef;
import dev.agentsession.state.StateChanges;
import org.jspecify.annotations.Nullable;

/**
 * Change state without an event, in one atomic step that advances the version.
 *
 * @param ref the session
 * @param changes the changes by scope
 * @param expectedVersion the version the session must have, or {@code null}
 * @param now the write time, the new {@code updatedAt}
 * @param expiresAt the new expiry, or {@code null}
 * @param fencingToken the token of the writer's run lease, or {@code null}; see {@link LeaseFence}
 */
public record StateCommand(SessionRef ref, StateChanges changes, @Nullable Long expectedVersion, Instant now,
        @Nullable Instant expiresAt, @Nullable Long fencingToken) {

    /**
     * Checks the arguments.
     */
    public StateCommand {
        Objects.requireNonNull(ref, "ref must not be null");
        Objects.requireNonNull(changes, "changes must not be null");
        Objects.requireNonNull(now, "now must not be null");
    }

    /**
     * A write without a fencing token.
     * @param ref see the record
     * @param changes see the record
     * @param expectedVersion see the record
     * @param now see the record
     * @param expiresAt see the record
     */
    public StateCommand(SessionRef ref, StateChanges changes, @Nullable Long expectedVersion, Instant now,
            @Nullable Instant expiresAt) {
        this(ref, changes, expectedVersion, now, expiresAt, null);
    }
}
