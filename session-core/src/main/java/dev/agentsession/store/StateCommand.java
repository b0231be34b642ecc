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
 */
public record StateCommand(SessionRef ref, StateChanges changes, @Nullable Long expectedVersion, Instant now,
        @Nullable Instant expiresAt) {

    /**
     * Checks the arguments.
     */
    public StateCommand {
        Objects.requireNonNull(ref, "ref must not be null");
        Objects.requireNonNull(changes, "changes must not be null");
        Objects.requireNonNull(now, "now must not be null");
    }
}
