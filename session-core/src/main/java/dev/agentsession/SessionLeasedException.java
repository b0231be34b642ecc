package dev.agentsession;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A session's run lease refused an operation, and nothing was changed: another run holds a live lease on the
 * session (an acquisition, or a write without that lease's fencing token), or a write or renewal carried the
 * token of a lease that is no longer held (expired, released or taken over by a later acquisition). The message
 * names the session only, never the holder or any content.
 */
public class SessionLeasedException extends AgentSessionException {

    private static final long serialVersionUID = 1L;

    private final transient @Nullable Instant leasedUntil;

    /**
     * Creates the exception.
     * @param ref the session
     * @param leasedUntil when the live lease that refused the operation expires, or {@code null} when no lease is
     * live (the operation's own lease is no longer held)
     */
    public SessionLeasedException(SessionRef ref, @Nullable Instant leasedUntil) {
        super((leasedUntil != null) ? "Session " + ref + " is leased by another run until " + leasedUntil
                : "Session " + ref + " is not leased with the given token any more (expired, released or taken over)",
                ref, null);
        this.leasedUntil = leasedUntil;
    }

    /**
     * When the live lease that refused the operation expires, unless its holder renews or releases it.
     * @return the expiry, or {@code null} when no lease was live (the caller's lease was lost)
     */
    public @Nullable Instant getLeasedUntil() {
        return this.leasedUntil;
    }
}
