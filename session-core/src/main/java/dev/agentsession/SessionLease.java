package dev.agentsession;

import java.time.Instant;
import java.util.Objects;

/**
 * A run lease on one session: while it is live (until {@code expiresAt}, unless released), only writes that carry
 * its fencing token change the session (see {@link SessionManager#withLease(SessionLease)}). Tokens of a session
 * grow on every acquisition and are never reused, so a write with the token of a lease that expired, or was
 * released, fails even once no lease is live.
 *
 * @param ref the leased session
 * @param owner who holds it, as given to {@link SessionManager#acquireLease(SessionRef, String, java.time.Duration)}
 * (a worker or node name, for diagnostics only)
 * @param token the fencing token, 1 for a session's first lease, one more on every acquisition
 * @param expiresAt when the lease ends unless renewed
 */
public record SessionLease(SessionRef ref, String owner, long token, Instant expiresAt) {

    /**
     * Checks the arguments.
     */
    public SessionLease {
        Objects.requireNonNull(ref, "ref must not be null");
        Identifiers.requireValid("owner", owner);
        if (token < 1) {
            throw new IllegalArgumentException("token must be at least 1, was " + token);
        }
        Objects.requireNonNull(expiresAt, "expiresAt must not be null");
    }
}
