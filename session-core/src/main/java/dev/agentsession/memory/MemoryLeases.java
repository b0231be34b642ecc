package dev.agentsession.memory;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;

/**
 * The run leases of {@link MemorySessionStore}, kept on each {@link MemorySession} and changed inside the cache's
 * compute for that session, like every write of it, so that a write and a lease change never interleave. The
 * store's writes check the lease themselves ({@link MemorySession#requireLease(Long, Instant)}).
 */
final class MemoryLeases {

    private final ConcurrentMap<SessionRef, MemorySession> sessions;

    MemoryLeases(ConcurrentMap<SessionRef, MemorySession> sessions) {
        this.sessions = sessions;
    }

    SessionLease acquire(SessionRef ref, String owner, Instant now, Instant expiresAt) {
        return onLive(ref, now, (session) -> {
            if (session.isLeased(now)) {
                throw new SessionLeasedException(ref, session.leaseExpiresAt);
            }
            session.leaseToken++;
            session.leaseExpiresAt = expiresAt;
            return new SessionLease(ref, owner, session.leaseToken, expiresAt);
        });
    }

    SessionLease renew(SessionLease lease, Instant now, Instant expiresAt) {
        return onLive(lease.ref(), now, (session) -> {
            session.requireLease(lease.token(), now);
            session.leaseExpiresAt = expiresAt;
            return new SessionLease(lease.ref(), lease.owner(), lease.token(), expiresAt);
        });
    }

    boolean release(SessionLease lease, Instant now) {
        try {
            return onLive(lease.ref(), now, (session) -> {
                if (!session.isLeased(now) || session.leaseToken != lease.token()) {
                    return false;
                }
                session.leaseExpiresAt = null;
                return true;
            });
        }
        catch (SessionNotFoundException ex) {
            return false;
        }
    }

    Optional<SessionEvent> findEvent(SessionRef ref, String eventId, Instant now) {
        return onLive(ref, now, (session) -> Optional.ofNullable(session.eventsById.get(eventId)));
    }

    /**
     * Runs a change of one live session inside the cache's compute for it; an expired session is left for the
     * store's writes and expiry to remove.
     * @throws SessionNotFoundException if the session is not live
     */
    private <T> T onLive(SessionRef ref, Instant now, Function<MemorySession, T> change) {
        Object[] result = new Object[1];
        this.sessions.computeIfPresent(ref, (key, session) -> {
            synchronized (session) {
                if (!session.isExpired(now)) {
                    result[0] = change.apply(session);
                }
                return session;
            }
        });
        if (result[0] == null) {
            throw new SessionNotFoundException(ref);
        }
        @SuppressWarnings("unchecked")
        T changed = (T) result[0];
        return changed;
    }
}
