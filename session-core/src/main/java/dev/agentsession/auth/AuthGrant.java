package dev.agentsession.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import dev.agentsession.Identifiers;
import org.jspecify.annotations.Nullable;

/**
 * An auth session to store.
 *
 * @param key where it belongs
 * @param status pending or active
 * @param context the credential; required when active, {@code null} while pending
 * @param scoped whether the credential is limited to {@code scopes}
 * @param scopes the scopes granted or requested
 * @param resolveUid the id a login callback will present, if any
 * @param expiresAt when it stops being returned, or {@code null} for the token's own expiry (active) or
 * the pending time-to-live (pending)
 */
public record AuthGrant(AuthSessionKey key, AuthStatus status, @Nullable AuthContext context, boolean scoped,
        Set<String> scopes, @Nullable String resolveUid, @Nullable Instant expiresAt) {

    /**
     * Checks the arguments.
     */
    public AuthGrant {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(status, "status must not be null");
        if (status == AuthStatus.ACTIVE && context == null) {
            throw new IllegalArgumentException("An ACTIVE grant needs an AuthContext");
        }
        if (status == AuthStatus.PENDING && context != null) {
            throw new IllegalArgumentException("A PENDING grant has no AuthContext yet");
        }
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes must not be null"));
        scopes.forEach((scope) -> Identifiers.requireValid("scope", scope));
        if (resolveUid != null) {
            Identifiers.requireValid("resolveUid", resolveUid);
        }
    }

    /**
     * A usable credential limited to the given scopes.
     * @param key where it belongs
     * @param context the credential
     * @param scopes the scopes granted
     * @return the grant
     */
    public static AuthGrant active(AuthSessionKey key, AuthContext context, Set<String> scopes) {
        return new AuthGrant(key, AuthStatus.ACTIVE, context, true, scopes, null, null);
    }

    /**
     * A usable credential not limited by scopes, such as a bot token.
     * @param key where it belongs
     * @param context the credential
     * @return the grant
     */
    public static AuthGrant unscoped(AuthSessionKey key, AuthContext context) {
        return new AuthGrant(key, AuthStatus.ACTIVE, context, false, Set.of(), null, null);
    }

    /**
     * A login in progress, completed by the callback that presents {@code resolveUid}.
     * @param key where it will belong
     * @param scopes the scopes requested
     * @param resolveUid the id the callback will present
     * @return the grant
     */
    public static AuthGrant pending(AuthSessionKey key, Set<String> scopes, String resolveUid) {
        return new AuthGrant(key, AuthStatus.PENDING, null, true, scopes, resolveUid, null);
    }

    /**
     * This grant with an explicit expiry.
     * @param expiresAt when it stops being returned
     * @return the grant
     */
    public AuthGrant withExpiresAt(Instant expiresAt) {
        return new AuthGrant(this.key, this.status, this.context, this.scoped, this.scopes, this.resolveUid,
                Objects.requireNonNull(expiresAt, "expiresAt must not be null"));
    }
}
