package dev.agentsession.auth;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Stores and finds the credentials agent tools use on a user's behalf. At most one auth session exists per
 * provider for a tenant, thread and profile: storing one replaces and invalidates the previous.
 */
public interface AuthSessionManager {

    /**
     * Stores an auth session, replacing the one of the same key.
     * @param grant what to store
     * @return the stored session
     * @throws IllegalStateException if a persistent store has no encryption key configured
     */
    AuthSession put(AuthGrant grant);

    /**
     * Finds a usable credential.
     * @param key where it belongs
     * @param requiredScopes the scopes the call needs (empty for none)
     * @return the session if it is active, unexpired and grants every required scope
     */
    Optional<AuthSession> find(AuthSessionKey key, Set<String> requiredScopes);

    /**
     * Finds the pending session a login callback completes.
     * @param tenant the tenant
     * @param resolveUid the id the callback presents
     * @return the pending, unexpired session holding that id
     */
    Optional<AuthSession> findByResolveUid(String tenant, String resolveUid);

    /**
     * Completes a pending login: the session holding {@code resolveUid} becomes active with the credential.
     * @param tenant the tenant
     * @param resolveUid the id the callback presents
     * @param context the credential the login produced
     * @return the active session, or empty if no pending session holds that id
     */
    Optional<AuthSession> completeLogin(String tenant, String resolveUid, AuthContext context);

    /**
     * The unexpired auth sessions of a thread.
     * @param tenant the tenant
     * @param threadId the thread
     * @param profile only this profile, or {@code null} for every profile
     * @return the sessions, ordered by profile and provider
     */
    List<AuthSession> listForThread(String tenant, String threadId, @Nullable String profile);

    /**
     * Removes one auth session.
     * @param key where it belongs
     * @return {@code true} if one was removed
     */
    boolean invalidate(AuthSessionKey key);

    /**
     * Removes every auth session of a thread, all profiles and providers.
     * @param tenant the tenant
     * @param threadId the thread
     * @return how many were removed
     */
    int invalidateThread(String tenant, String threadId);
}
