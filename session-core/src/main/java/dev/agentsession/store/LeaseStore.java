package dev.agentsession.store;

import java.time.Instant;
import java.util.Optional;

import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import org.jspecify.annotations.Nullable;

/**
 * Run leases on sessions, implemented by a backend beside its {@link SessionStore} and {@link WaitStore} (by the
 * same object), since every write of those checks the lease in its own atomic step; see {@link LeaseFence} for
 * the rule. A session's lease is stored with the session: its last issued token, its owner and its expiry (none
 * once released). Taking, renewing or releasing a lease does not change the session's version or update time, and
 * deleting the session deletes its lease.
 */
public interface LeaseStore {

    /**
     * Takes the lease of a live session, if no live lease is held: the new token is one more than the last one
     * issued for the session.
     * @param ref the session
     * @param owner who takes it
     * @param now the time
     * @param expiresAt when the lease ends, after {@code now}
     * @return the lease
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionLeasedException if a live lease is held, whoever holds it; nothing changes
     */
    SessionLease acquireLease(SessionRef ref, String owner, Instant now, Instant expiresAt);

    /**
     * Moves the expiry of a lease that is still held (live, with the last issued token).
     * @param lease the lease
     * @param now the time
     * @param expiresAt the new expiry, after {@code now}
     * @return the lease with its new expiry
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionLeasedException if the lease is not held any more; nothing changes
     */
    SessionLease renewLease(SessionLease lease, Instant now, Instant expiresAt);

    /**
     * Ends a lease that is still held, keeping its token as the session's last one.
     * @param lease the lease
     * @param now the time
     * @return {@code false} if it was not held any more (or the session is gone); nothing changes then
     */
    boolean releaseLease(SessionLease lease, Instant now);

    /**
     * Archives a session, checking its lease like every write; see {@link SessionStore#archive(SessionRef, Instant)},
     * which is this method without a token.
     * @param ref the session
     * @param now the write time
     * @param fencingToken the token of the caller's lease, or {@code null}
     * @return {@code false} if no such session exists
     * @throws SessionLeasedException if the lease refuses the write; nothing changes
     */
    boolean archive(SessionRef ref, Instant now, @Nullable Long fencingToken);

    /**
     * Reads one event of a live session by its id, without reading the history: a redelivered run checks with it
     * whether a tool call already has its result.
     * @param ref the session
     * @param eventId the event id
     * @param now the read time
     * @return the event, or empty if the session does not hold it
     * @throws SessionNotFoundException if the session does not exist
     */
    Optional<SessionEvent> findEvent(SessionRef ref, String eventId, Instant now);
}
