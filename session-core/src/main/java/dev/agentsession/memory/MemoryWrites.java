package dev.agentsession.memory;

import java.time.Instant;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import dev.agentsession.AgentSession;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import org.jspecify.annotations.Nullable;

/**
 * How {@link MemorySessionStore} reads a live session and applies a write to one, on its cache of sessions.
 */
final class MemoryWrites {

    private final Cache<SessionRef, MemorySession> sessions;

    private final MemoryListingIndexes indexes;

    MemoryWrites(Cache<SessionRef, MemorySession> sessions, MemoryListingIndexes indexes) {
        this.sessions = sessions;
        this.indexes = indexes;
    }

    /**
     * The session if it is held and has not expired.
     */
    @Nullable MemorySession live(SessionRef ref, Instant now) {
        MemorySession session = this.sessions.getIfPresent(ref);
        if (session == null) {
            return null;
        }
        synchronized (session) {
            return session.isExpired(now) ? null : session;
        }
    }

    /**
     * Runs a change on one live session under its monitor, which serializes its writers and its lease changes. An
     * exception thrown by the change leaves the session as it was: every change checks before it mutates.
     *
     * <p>A session without expiry that keeps none is changed in place (no new expiry for the cache): a delete,
     * eviction or replacement marks it removed under the same monitor. Any other change runs inside the cache's
     * compute, which re-reads the expiry (and drops an expired session) but costs more than the change itself.
     * @param expiresAt the session's expiry after the change
     */
    AgentSession write(SessionRef ref, Instant now, @Nullable Instant expiresAt,
            Function<MemorySession, AgentSession> change) {
        if (expiresAt == null) {
            MemorySession session = this.sessions.getIfPresent(ref);
            if (session == null) {
                throw new SessionNotFoundException(ref);
            }
            synchronized (session) {
                if (!session.removed && session.expiresAt == null) {
                    return change.apply(session);
                }
            }
        }
        AgentSession[] result = new AgentSession[1];
        this.sessions.asMap().computeIfPresent(ref, (key, session) -> {
            synchronized (session) {
                if (session.isExpired(now)) {
                    session.removed = true;
                    this.indexes.remove(session);
                    return null;
                }
                result[0] = change.apply(session);
                return session;
            }
        });
        if (result[0] == null) {
            throw new SessionNotFoundException(ref);
        }
        return result[0];
    }
}
