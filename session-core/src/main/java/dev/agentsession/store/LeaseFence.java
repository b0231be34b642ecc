package dev.agentsession.store;

import java.time.Instant;

import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionRef;
import org.jspecify.annotations.Nullable;

/**
 * The rule every write of a session checks against the session's lease, in the write's own atomic step (the Redis
 * scripts check the same rule in Lua). A lease is live while its expiry is after the write time.
 * <ul>
 * <li>A write without a fencing token is refused while a lease is live, and allowed otherwise, so that an
 * application that never takes leases is not affected.</li>
 * <li>A write with a fencing token is allowed only if that token is the last one issued for the session and its
 * lease is live: the token of an expired, released or taken-over lease never writes again.</li>
 * </ul>
 */
public final class LeaseFence {

    private LeaseFence() {
    }

    /**
     * Checks a write against a session's lease.
     * @param ref the session
     * @param fencingToken the write's token, or {@code null}
     * @param lastToken the last token issued for the session, 0 if none
     * @param leaseExpiresAt when its lease expires, or {@code null} if released or never taken
     * @param now the write time
     * @throws SessionLeasedException if the lease refuses the write
     */
    public static void check(SessionRef ref, @Nullable Long fencingToken, long lastToken,
            @Nullable Instant leaseExpiresAt, Instant now) {
        boolean live = leaseExpiresAt != null && leaseExpiresAt.isAfter(now);
        boolean allowed = (fencingToken == null) ? !live : live && fencingToken == lastToken;
        if (!allowed) {
            throw new SessionLeasedException(ref, live ? leaseExpiresAt : null);
        }
    }
}
