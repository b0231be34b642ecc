package dev.agentsession.store;

import java.time.Instant;
import java.util.Objects;

import dev.agentsession.SessionRef;
import dev.agentsession.flow.FlowState;
import org.jspecify.annotations.Nullable;

/**
 * Save, replace or clear a session's flow state without a wait, in one atomic step that advances the version.
 *
 * @param ref the session
 * @param flow the new flow state, or {@code null} to clear it
 * @param expectedVersion the version the session must have, or {@code null}
 * @param now the write time, the new {@code updatedAt}
 * @param expiresAt the new expiry, or {@code null}
 * @param fencingToken the token of the writer's run lease, or {@code null}; see {@link LeaseFence}
 */
public record FlowCommand(SessionRef ref, @Nullable FlowState flow, @Nullable Long expectedVersion, Instant now,
        @Nullable Instant expiresAt, @Nullable Long fencingToken) {

    /**
     * Checks the arguments.
     */
    public FlowCommand {
        Objects.requireNonNull(ref, "ref must not be null");
        Objects.requireNonNull(now, "now must not be null");
    }

    /**
     * A write without a fencing token.
     * @param ref see the record
     * @param flow see the record
     * @param expectedVersion see the record
     * @param now see the record
     * @param expiresAt see the record
     */
    public FlowCommand(SessionRef ref, @Nullable FlowState flow, @Nullable Long expectedVersion, Instant now,
            @Nullable Instant expiresAt) {
        this(ref, flow, expectedVersion, now, expiresAt, null);
    }
}
