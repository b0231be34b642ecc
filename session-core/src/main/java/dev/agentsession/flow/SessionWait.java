package dev.agentsession.flow;

import java.time.Instant;
import java.util.Objects;

import dev.agentsession.SessionRef;
import dev.agentsession.ValueLimits;
import dev.agentsession.ValueShape;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A paused flow waiting for a user's reply in one reply scope.
 *
 * @param session the session that waits
 * @param scope where the reply will come from
 * @param flow the flow state saved with the wait, to resume from
 * @param payload what the flow attached to the wait (the question asked, a login URL), if anything
 * @param createdAt when the wait was registered
 * @param expiresAt when it stops being returned
 */
public record SessionWait(SessionRef session, ReplyScope scope, FlowState flow, @Nullable JsonNode payload,
        Instant createdAt, Instant expiresAt) {

    /**
     * Checks the arguments and copies the payload.
     */
    public SessionWait {
        Objects.requireNonNull(session, "session must not be null");
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(flow, "flow must not be null");
        // Bounded before the recursive copy, so a self-containing or too deep tree is an argument error.
        ValueShape.requireBounded("wait payload", payload, ValueLimits.DEPTH_CEILING, Long.MAX_VALUE);
        payload = (payload != null) ? payload.deepCopy() : null;
        Objects.requireNonNull(createdAt, "createdAt must not be null");
        Objects.requireNonNull(expiresAt, "expiresAt must not be null");
    }

    /**
     * Returns a copy of the payload.
     * @return the payload, or {@code null}
     */
    @Override
    public @Nullable JsonNode payload() {
        return (this.payload != null) ? this.payload.deepCopy() : null;
    }

    /**
     * The key this wait is stored under.
     * @return the key
     */
    public WaitKey key() {
        return WaitKey.of(this.session, this.scope);
    }

    /**
     * Whether the wait has expired at {@code now}.
     * @param now the time
     * @return {@code true} once {@code expiresAt} is not after {@code now}
     */
    public boolean isExpired(Instant now) {
        return !this.expiresAt.isAfter(now);
    }
}
