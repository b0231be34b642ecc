package dev.agentsession.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import dev.agentsession.Identifiers;
import org.jspecify.annotations.Nullable;

/**
 * A stored credential of one provider for a thread and profile. Its {@link #toString()} shows no secret.
 *
 * @param key where it belongs
 * @param status pending until the user completes the login, then active
 * @param context the credential; {@code null} while pending
 * @param scoped whether the credential is limited to {@code scopes}; an unscoped credential (such as a bot
 * token) satisfies any required scopes
 * @param scopes the scopes granted (or requested, while pending)
 * @param resolveUid the id a login callback presents to complete this session, if any
 * @param createdAt when it was stored
 * @param expiresAt when it stops being returned: the token's expiry unless given otherwise, or {@code null}
 */
public record AuthSession(AuthSessionKey key, AuthStatus status, @Nullable AuthContext context, boolean scoped,
        Set<String> scopes, @Nullable String resolveUid, Instant createdAt, @Nullable Instant expiresAt) {

    /**
     * Checks the arguments and copies the scopes.
     */
    public AuthSession {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(status, "status must not be null");
        if (status == AuthStatus.ACTIVE && context == null) {
            throw new IllegalArgumentException("An ACTIVE auth session needs an AuthContext");
        }
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes must not be null"));
        if (resolveUid != null) {
            Identifiers.requireValid("resolveUid", resolveUid);
        }
        Objects.requireNonNull(createdAt, "createdAt must not be null");
    }

    /**
     * Whether the session has expired at {@code now}.
     * @param now the time
     * @return {@code true} once {@code expiresAt} is not after {@code now}
     */
    public boolean isExpired(Instant now) {
        return this.expiresAt != null && !this.expiresAt.isAfter(now);
    }

    /**
     * Whether this session is usable for a call that needs {@code requiredScopes} at {@code now}.
     * @param requiredScopes the scopes the call needs
     * @param now the time
     * @return {@code true} if active, unexpired and granting every required scope
     */
    public boolean grants(Set<String> requiredScopes, Instant now) {
        return this.status == AuthStatus.ACTIVE && !isExpired(now)
                && (!this.scoped || this.scopes.containsAll(requiredScopes));
    }
}
