package dev.agentsession.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.agentsession.auth.AuthSession;
import dev.agentsession.auth.AuthSessionKey;
import org.jspecify.annotations.Nullable;

/**
 * Where auth sessions live. A persistent implementation stores the {@code AuthContext} only encrypted with
 * an {@link dev.agentsession.auth.AuthContextCipher}. A session whose {@code expiresAt} is not after the
 * {@code now} passed in is never returned.
 */
public interface AuthSessionStore {

    /**
     * Stores a session, atomically replacing the one of the same key. A resolve uid belongs to one session
     * per tenant: storing it on this session takes it from any other.
     * @param session the session
     * @return the stored session
     * @throws IllegalStateException if a persistent store has no encryption key
     */
    AuthSession put(AuthSession session);

    /**
     * Reads the session of a key, whatever its status.
     * @param key the key
     * @param now the read time
     * @return the session, or empty
     */
    Optional<AuthSession> find(AuthSessionKey key, Instant now);

    /**
     * Reads the session that holds a resolve uid.
     * @param tenant the tenant
     * @param resolveUid the uid
     * @param now the read time
     * @return the session, or empty
     */
    Optional<AuthSession> findByResolveUid(String tenant, String resolveUid, Instant now);

    /**
     * The sessions of a thread, ordered by profile, then provider.
     * @param tenant the tenant
     * @param threadId the thread
     * @param profile only this profile, or {@code null} for all
     * @param now the read time
     * @return the sessions
     */
    List<AuthSession> listForThread(String tenant, String threadId, @Nullable String profile, Instant now);

    /**
     * Deletes the session of a key.
     * @param key the key
     * @return {@code true} if one was deleted
     */
    boolean delete(AuthSessionKey key);

    /**
     * Deletes every session of a thread.
     * @param tenant the tenant
     * @param threadId the thread
     * @return how many were deleted
     */
    int deleteThread(String tenant, String threadId);
}
