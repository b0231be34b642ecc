package dev.agentsession.store;

import java.time.Instant;
import java.util.Objects;

import dev.agentsession.SessionLease;
import dev.agentsession.SessionRef;
import dev.agentsession.flow.WaitKey;
import org.jspecify.annotations.Nullable;

/**
 * Claim a live wait: return it and remove it in one atomic step, so that of concurrent claims exactly one receives
 * it. With {@code clearFlow}, the same step clears the flow state of the wait's session if that session is live and
 * active, a write like any other (the version advances, {@code updatedAt} becomes {@code now} and the expiry
 * {@code sessionExpiresAt}); a session that is gone leaves the claim as it is.
 *
 * <p>A claim is a write of the wait's session and checks that session's lease ({@link LeaseFence}) in the same
 * step, with the token of {@code lease} when the lease is on that session, and without a token otherwise; a refused
 * claim leaves the wait and the session as they are.
 *
 * @param key the wait's key
 * @param now the time
 * @param clearFlow whether to clear the session's flow state in the same step
 * @param sessionExpiresAt the session's new expiry when the flow is cleared, or {@code null}
 * @param lease the claimer's run lease, or {@code null}
 */
public record ClaimWaitCommand(WaitKey key, Instant now, boolean clearFlow, @Nullable Instant sessionExpiresAt,
        @Nullable SessionLease lease) {

    /**
     * Checks the arguments.
     */
    public ClaimWaitCommand {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(now, "now must not be null");
    }

    /**
     * A claim without a lease.
     * @param key see the record
     * @param now see the record
     * @param clearFlow see the record
     * @param sessionExpiresAt see the record
     */
    public ClaimWaitCommand(WaitKey key, Instant now, boolean clearFlow, @Nullable Instant sessionExpiresAt) {
        this(key, now, clearFlow, sessionExpiresAt, null);
    }

    /**
     * The fencing token this claim carries for a session: its lease's, if the lease is on that session.
     * @param session the wait's session
     * @return the token, or {@code null}
     */
    public @Nullable Long fencingTokenFor(SessionRef session) {
        return (this.lease != null && this.lease.ref().equals(session)) ? this.lease.token() : null;
    }

    /**
     * A claim that leaves the session's flow state as it is.
     * @param key the wait's key
     * @param now the time
     * @return the command
     */
    public static ClaimWaitCommand of(WaitKey key, Instant now) {
        return new ClaimWaitCommand(key, now, false, null);
    }
}
