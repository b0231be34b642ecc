package dev.agentsession.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.agentsession.Identifiers;
import dev.agentsession.store.AuthSessionStore;
import org.jspecify.annotations.Nullable;

/**
 * The {@link AuthSessionManager} over any {@link AuthSessionStore}: it stamps times, derives expiry (the
 * token's own, or the pending time-to-live for a login in progress) and applies the usability rules of
 * {@link AuthSession#grants(Set, Instant)}.
 */
public class DefaultAuthSessionManager implements AuthSessionManager {

    /** How long a login in progress waits for its callback unless the grant says otherwise. */
    public static final Duration DEFAULT_PENDING_TTL = Duration.ofMinutes(15);

    private final AuthSessionStore store;

    private final Clock clock;

    private final Duration pendingTtl;

    /**
     * Creates a manager.
     * @param store where auth sessions live
     * @param clock the time of writes and expiry checks
     * @param pendingTtl how long a pending login stays findable by its resolve uid
     */
    public DefaultAuthSessionManager(AuthSessionStore store, Clock clock, Duration pendingTtl) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(pendingTtl, "pendingTtl must not be null");
        if (pendingTtl.isNegative() || pendingTtl.isZero()) {
            throw new IllegalArgumentException("pendingTtl must be positive, was " + pendingTtl);
        }
        this.pendingTtl = pendingTtl;
    }

    @Override
    public AuthSession put(AuthGrant grant) {
        Objects.requireNonNull(grant, "grant must not be null");
        Instant now = now();
        Instant expiresAt = grant.expiresAt();
        if (expiresAt == null) {
            expiresAt = (grant.status() == AuthStatus.PENDING) ? now.plus(this.pendingTtl)
                    : Objects.requireNonNull(grant.context()).expiresAt();
        }
        return this.store.put(new AuthSession(grant.key(), grant.status(), grant.context(), grant.scoped(),
                grant.scopes(), grant.resolveUid(), now, (expiresAt != null) ? expiresAt.truncatedTo(ChronoUnit.MICROS) : null));
    }

    @Override
    public Optional<AuthSession> find(AuthSessionKey key, Set<String> requiredScopes) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(requiredScopes, "requiredScopes must not be null");
        Instant now = now();
        return this.store.find(key, now).filter((session) -> session.grants(requiredScopes, now));
    }

    @Override
    public Optional<AuthSession> findByResolveUid(String tenant, String resolveUid) {
        Identifiers.requireValid("tenant", tenant);
        Identifiers.requireValid("resolveUid", resolveUid);
        Instant now = now();
        return this.store.findByResolveUid(tenant, resolveUid, now)
            .filter((session) -> session.status() == AuthStatus.PENDING && !session.isExpired(now));
    }

    @Override
    public Optional<AuthSession> completeLogin(String tenant, String resolveUid, AuthContext context) {
        Objects.requireNonNull(context, "context must not be null");
        return findByResolveUid(tenant, resolveUid).map((pending) -> put(new AuthGrant(pending.key(),
                AuthStatus.ACTIVE, context, pending.scoped(), pending.scopes(), null, null)));
    }

    @Override
    public List<AuthSession> listForThread(String tenant, String threadId, @Nullable String profile) {
        Identifiers.requireValid("tenant", tenant);
        Identifiers.requireValid("threadId", threadId);
        if (profile != null) {
            Identifiers.requireValid("profile", profile);
        }
        return this.store.listForThread(tenant, threadId, profile, now());
    }

    @Override
    public boolean invalidate(AuthSessionKey key) {
        Objects.requireNonNull(key, "key must not be null");
        return this.store.delete(key);
    }

    @Override
    public int invalidateThread(String tenant, String threadId) {
        Identifiers.requireValid("tenant", tenant);
        Identifiers.requireValid("threadId", threadId);
        return this.store.deleteThread(tenant, threadId);
    }

    private Instant now() {
        return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
