package dev.agentsession.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.agentsession.SessionRef;
import dev.agentsession.state.StateChanges;
import org.jspecify.annotations.Nullable;

/**
 * Create a session at version 1.
 *
 * @param ref the new session's address
 * @param metadata its metadata
 * @param state its initial state, applied to the user and app scopes as well
 * @param now the creation time
 * @param expiresAt when it expires, or {@code null}
 */
public record CreateCommand(SessionRef ref, Map<String, String> metadata, StateChanges state, Instant now,
        @Nullable Instant expiresAt) {

    /**
     * Checks the arguments.
     */
    public CreateCommand {
        Objects.requireNonNull(ref, "ref must not be null");
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(now, "now must not be null");
    }
}
