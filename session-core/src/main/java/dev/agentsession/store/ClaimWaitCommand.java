package dev.agentsession.store;

import java.time.Instant;
import java.util.Objects;

import dev.agentsession.flow.WaitKey;
import org.jspecify.annotations.Nullable;

/**
 * Claim a live wait: return it and remove it in one atomic step, so that of concurrent claims exactly one receives
 * it. With {@code clearFlow}, the same step clears the flow state of the wait's session if that session is live and
 * active, a write like any other (the version advances, {@code updatedAt} becomes {@code now} and the expiry
 * {@code sessionExpiresAt}); a session that is gone leaves the claim as it is.
 *
 * @param key the wait's key
 * @param now the time
 * @param clearFlow whether to clear the session's flow state in the same step
 * @param sessionExpiresAt the session's new expiry when the flow is cleared, or {@code null}
 */
public record ClaimWaitCommand(WaitKey key, Instant now, boolean clearFlow, @Nullable Instant sessionExpiresAt) {

    /**
     * Checks the arguments.
     */
    public ClaimWaitCommand {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(now, "now must not be null");
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
