package dev.agentsession.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;

/**
 * Where waits of paused flows live; implemented by a backend beside its {@link SessionStore}, usually by the
 * same object so that a wait and its session's flow state are written together. A wait is stored under its
 * {@linkplain SessionWait#key() key}, the waiting user's, which may be another user than the session's owner.
 * A wait whose {@code expiresAt} is not after the {@code now} passed in is never returned, and deleting or
 * archiving a session removes its waits, whichever user they wait for.
 */
public interface WaitStore {

    /**
     * Registers a wait; see {@link RegisterWaitCommand}.
     * @param command the registration
     * @return the stored wait
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionArchivedException if it is archived
     */
    SessionWait registerWait(RegisterWaitCommand command);

    /**
     * Reads a live wait.
     * @param key the key
     * @param now the read time
     * @return the wait, or empty
     */
    Optional<SessionWait> findWait(WaitKey key, Instant now);

    /**
     * The live waits for a reply of one user of an app, the waits of other users' sessions included.
     * @param tenant the tenant
     * @param app the app
     * @param userId the user
     * @param now the read time
     * @return the waits, oldest first
     */
    List<SessionWait> listWaits(String tenant, String app, String userId, Instant now);

    /**
     * Removes a wait.
     * @param key the key
     * @param now the time
     * @return {@code true} if a live wait was removed
     */
    boolean clearWait(WaitKey key, Instant now);

    /**
     * Returns a live wait and removes it in one atomic step: of concurrent claims, exactly one receives it.
     * @param key the key
     * @param now the time
     * @return the claimed wait, or empty if there was none (or another claim won)
     */
    default Optional<SessionWait> claimWait(WaitKey key, Instant now) {
        return claimWait(ClaimWaitCommand.of(key, now));
    }

    /**
     * Returns a live wait and removes it in one atomic step, clearing its session's flow state in the same step
     * when asked to; see {@link ClaimWaitCommand}.
     * @param command the claim
     * @return the claimed wait, or empty if there was none (or another claim won)
     */
    Optional<SessionWait> claimWait(ClaimWaitCommand command);
}
