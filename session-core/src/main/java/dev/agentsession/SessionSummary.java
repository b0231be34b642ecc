package dev.agentsession;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A session as listed: everything but its state and events, so that a listing costs what its page costs.
 *
 * @param ref the session's address
 * @param status active or archived
 * @param metadata the session's metadata
 * @param eventCount how many events it holds
 * @param version its current version
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param expiresAt when it expires, or {@code null}
 */
public record SessionSummary(SessionRef ref, SessionStatus status, Map<String, String> metadata, long eventCount,
        long version, Instant createdAt, Instant updatedAt, @Nullable Instant expiresAt) {

    /**
     * Checks the arguments and copies the metadata.
     */
    public SessionSummary {
        Objects.requireNonNull(ref, "ref must not be null");
        Objects.requireNonNull(status, "status must not be null");
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(createdAt, "createdAt must not be null");
        Objects.requireNonNull(updatedAt, "updatedAt must not be null");
    }
}
