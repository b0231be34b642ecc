package dev.agentsession.flow;

import java.time.Instant;
import java.util.Objects;

import dev.agentsession.Identifiers;
import dev.agentsession.SessionRef;
import dev.agentsession.ValueLimits;
import dev.agentsession.ValueShape;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A paused flow waiting for a user's reply in one reply scope. The user whose reply is awaited is usually the
 * session's owner, but may be another user of the same app (a manager asked to approve): the wait is then found
 * under that user's key and resumes the owner's session.
 *
 * @param session the session that waits
 * @param waitingUserId the user whose reply is awaited, in the session's tenant and app
 * @param scope where the reply will come from
 * @param flow the flow state saved with the wait, to resume from
 * @param payload what the flow attached to the wait (the question asked, a login URL), if anything
 * @param createdAt when the wait was registered
 * @param expiresAt when it stops being returned
 */
public record SessionWait(SessionRef session, String waitingUserId, ReplyScope scope, FlowState flow,
        @Nullable JsonNode payload, Instant createdAt, Instant expiresAt) {

    /**
     * Checks the arguments and copies the payload.
     */
    public SessionWait {
        Objects.requireNonNull(session, "session must not be null");
        Identifiers.requireValid("waitingUserId", waitingUserId);
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(flow, "flow must not be null");
        // Bounded before the recursive copy, so a self-containing or too deep tree is an argument error.
        ValueShape.requireBounded("wait payload", payload, ValueLimits.DEPTH_CEILING, Long.MAX_VALUE);
        payload = (payload != null) ? payload.deepCopy() : null;
        Objects.requireNonNull(createdAt, "createdAt must not be null");
        Objects.requireNonNull(expiresAt, "expiresAt must not be null");
    }

    /**
     * A wait for a reply from the session's owner.
     * @param session the session that waits
     * @param scope where the reply will come from
     * @param flow the flow state saved with the wait
     * @param payload what the flow attached to the wait, if anything
     * @param createdAt when the wait was registered
     * @param expiresAt when it stops being returned
     */
    public SessionWait(SessionRef session, ReplyScope scope, FlowState flow, @Nullable JsonNode payload,
            Instant createdAt, Instant expiresAt) {
        this(session, session.userId(), scope, flow, payload, createdAt, expiresAt);
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
     * The key this wait is stored under: the waiting user's, in the session's tenant and app.
     * @return the key
     */
    public WaitKey key() {
        return new WaitKey(this.session.tenant(), this.session.app(), this.waitingUserId, this.scope);
    }

    /**
     * Whether the awaited reply comes from someone other than the session's owner.
     * @return {@code true} if the waiting user is not the owner
     */
    public boolean waitsForAnotherUser() {
        return !this.waitingUserId.equals(this.session.userId());
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
