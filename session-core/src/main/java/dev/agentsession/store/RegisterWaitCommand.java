package dev.agentsession.store;

import java.time.Instant;
import java.util.Objects;

import dev.agentsession.flow.SessionWait;
import org.jspecify.annotations.Nullable;

/**
 * Register a wait, in one atomic step with saving its flow state on the session: the session's flow is set,
 * its version advances, and the wait replaces any wait under the same key (from this or another session).
 *
 * @param sessionWait the wait, whose {@code createdAt} is the write time
 * @param sessionExpiresAt the session's new expiry, or {@code null}
 * @param fencingToken the token of the writer's run lease on the session, or {@code null}; see {@link LeaseFence}
 */
public record RegisterWaitCommand(SessionWait sessionWait, @Nullable Instant sessionExpiresAt,
        @Nullable Long fencingToken) {

    /**
     * Checks the arguments.
     */
    public RegisterWaitCommand {
        Objects.requireNonNull(sessionWait, "sessionWait must not be null");
    }

    /**
     * A registration without a fencing token.
     * @param sessionWait see the record
     * @param sessionExpiresAt see the record
     */
    public RegisterWaitCommand(SessionWait sessionWait, @Nullable Instant sessionExpiresAt) {
        this(sessionWait, sessionExpiresAt, null);
    }
}
