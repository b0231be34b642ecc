package dev.agentsession.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.agentsession.Identifiers;
import dev.agentsession.Timestamps;
import dev.agentsession.observation.SessionObservations;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;

/**
 * The {@link AuthSessionManager} over any {@link AuthSessionStore}: it stamps times, derives expiry (the
 * token's own, or the pending time-to-live for a login in progress) and applies the usability rules of
 * {@link AuthSession#grants(Set, Instant)}. Every operation is one observation of its {@link SessionObservations}
 * (none unless a constructor is given one).
 */
public class DefaultAuthSessionManager implements AuthSessionManager {

    /** How long a login in progress waits for its callback unless the grant says otherwise. */
    public static final Duration DEFAULT_PENDING_TTL = Duration.ofMinutes(15);

    private final AuthSessionStore store;

    // Checks values only: the limits and the form are those of every store's codec.
    private static final SessionCodec VALUES = new SessionCodec();

    private final Clock clock;

    private final Duration pendingTtl;

    private final SessionObservations observations;

    private final String storeType;

    /**
     * Creates a manager.
     * @param store where auth sessions live
     * @param clock the time of writes and expiry checks
     * @param pendingTtl how long a pending login stays findable by its resolve uid
     */
    public DefaultAuthSessionManager(AuthSessionStore store, Clock clock, Duration pendingTtl) {
        this(store, clock, pendingTtl, SessionObservations.NOOP, "custom");
    }

    /**
     * Creates a manager whose operations are observed as {@code auth.put}, {@code auth.find} and so on (see
     * {@link dev.agentsession.observation.SessionObservationDocumentation}).
     * @param store where auth sessions live
     * @param clock the time of writes and expiry checks
     * @param pendingTtl how long a pending login stays findable by its resolve uid
     * @param observations observes every operation
     * @param storeType the {@code store} key of the observations, such as {@code jdbc}: an
     * {@link AuthSessionStore} does not name its type, so the caller does (usually with the
     * {@link dev.agentsession.store.SessionStore#type()} of the same backend)
     */
    public DefaultAuthSessionManager(AuthSessionStore store, Clock clock, Duration pendingTtl,
            SessionObservations observations, String storeType) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(pendingTtl, "pendingTtl must not be null");
        if (pendingTtl.isNegative() || pendingTtl.isZero()) {
            throw new IllegalArgumentException("pendingTtl must be positive, was " + pendingTtl);
        }
        this.pendingTtl = pendingTtl;
        this.observations = Objects.requireNonNull(observations, "observations must not be null");
        this.storeType = Objects.requireNonNull(storeType, "storeType must not be null");
    }

    @Override
    public AuthSession put(AuthGrant grant) {
        return observe("auth.put", () -> store(grant));
    }

    private AuthSession store(AuthGrant grant) {
        Objects.requireNonNull(grant, "grant must not be null");
        // The same rules on every backend: what one store seals as JSON, another keeps as objects (SPEC 3.5).
        if (grant.context() != null) {
            VALUES.normalize("auth context", grant.context());
            Timestamps.requireStorable("auth context expiresAt", grant.context().expiresAt());
        }
        VALUES.normalize("auth scopes", grant.scopes());
        Timestamps.requireStorable("expiresAt", grant.expiresAt());
        Instant now = now();
        Instant expiresAt = grant.expiresAt();
        if (expiresAt == null) {
            expiresAt = (grant.status() == AuthStatus.PENDING)
                    ? Timestamps.plus("pending expiry", now, this.pendingTtl)
                    : Objects.requireNonNull(grant.context()).expiresAt();
        }
        return this.store.put(new AuthSession(grant.key(), grant.status(), grant.context(), grant.scoped(),
                grant.scopes(), grant.resolveUid(), now, (expiresAt != null) ? expiresAt.truncatedTo(ChronoUnit.MICROS) : null));
    }

    @Override
    public Optional<AuthSession> find(AuthSessionKey key, Set<String> requiredScopes) {
        return observe("auth.find", () -> {
            Objects.requireNonNull(key, "key must not be null");
            Objects.requireNonNull(requiredScopes, "requiredScopes must not be null");
            Instant now = now();
            return this.store.find(key, now).filter((session) -> session.grants(requiredScopes, now));
        });
    }

    @Override
    public Optional<AuthSession> findByResolveUid(String tenant, String resolveUid) {
        return observe("auth.findByResolveUid", () -> pending(tenant, resolveUid));
    }

    private Optional<AuthSession> pending(String tenant, String resolveUid) {
        Identifiers.requireValid("tenant", tenant);
        Identifiers.requireValid("resolveUid", resolveUid);
        Instant now = now();
        return this.store.findByResolveUid(tenant, resolveUid, now)
            .filter((session) -> session.status() == AuthStatus.PENDING && !session.isExpired(now));
    }

    @Override
    public Optional<AuthSession> completeLogin(String tenant, String resolveUid, AuthContext context) {
        return observe("auth.completeLogin", () -> {
            Objects.requireNonNull(context, "context must not be null");
            return pending(tenant, resolveUid).map((pending) -> store(new AuthGrant(pending.key(),
                    AuthStatus.ACTIVE, context, pending.scoped(), pending.scopes(), null, null)));
        });
    }

    @Override
    public List<AuthSession> listForThread(String tenant, String threadId, @Nullable String profile) {
        return observe("auth.listForThread", () -> {
            Identifiers.requireValid("tenant", tenant);
            Identifiers.requireValid("threadId", threadId);
            if (profile != null) {
                Identifiers.requireValid("profile", profile);
            }
            return this.store.listForThread(tenant, threadId, profile, now());
        });
    }

    @Override
    public boolean invalidate(AuthSessionKey key) {
        return observe("auth.invalidate", () -> {
            Objects.requireNonNull(key, "key must not be null");
            return this.store.delete(key);
        });
    }

    @Override
    public int invalidateThread(String tenant, String threadId) {
        return observe("auth.invalidateThread", () -> {
            Identifiers.requireValid("tenant", tenant);
            Identifiers.requireValid("threadId", threadId);
            return this.store.deleteThread(tenant, threadId);
        });
    }

    private <T> T observe(String operation, Supplier<T> call) {
        return this.observations.observe(operation, this.storeType, call);
    }

    private Instant now() {
        return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
