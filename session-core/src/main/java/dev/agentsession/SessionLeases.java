package dev.agentsession;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import dev.agentsession.store.LeaseStore;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;

/**
 * The run-lease operations of {@link DefaultSessionManager}: argument checks, lease expiry times, and waiting for a
 * live lease to end by polling with an exponential backoff and jitter. The store does the rest atomically.
 */
final class SessionLeases {

    private static final long FIRST_BACKOFF_MILLIS = 10;

    private static final long MAX_BACKOFF_MILLIS = 500;

    private final @Nullable LeaseStore store;

    private final String storeType;

    private final Supplier<Instant> clock;

    /**
     * @param store the session store, which has leases if it is a {@link LeaseStore}
     * @param clock the manager's time, truncated to microseconds
     */
    SessionLeases(SessionStore store, Supplier<Instant> clock) {
        this.store = (store instanceof LeaseStore leaseStore) ? leaseStore : null;
        this.storeType = store.type();
        this.clock = clock;
    }

    SessionLease acquire(SessionRef ref, String owner, Duration ttl, Duration maxWait) {
        Objects.requireNonNull(ref, "ref must not be null");
        Identifiers.requireValid("owner", owner);
        requireTtl(ttl);
        Objects.requireNonNull(maxWait, "maxWait must not be null");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
        }
        LeaseStore leases = store();
        long deadline = System.nanoTime() + saturatedNanos(maxWait);
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            Instant now = this.clock.get();
            try {
                return leases.acquireLease(ref, owner, now, Timestamps.plus("lease expiry", now, ttl));
            }
            catch (SessionLeasedException ex) {
                long remainingNanos = deadline - System.nanoTime();
                if (remainingNanos <= 0) {
                    throw ex;
                }
                // Jitter spreads the retries of runs that lost to the same holder; the last sleep reaches the
                // deadline (rounded up to a millisecond), so a caller never waits less than maxWait.
                long remainingMillis = (remainingNanos + 999_999) / 1_000_000;
                long sleep = Math.min(remainingMillis, backoff / 2 + ThreadLocalRandom.current().nextLong(backoff));
                try {
                    Thread.sleep(Math.max(1, sleep));
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    SessionLease renew(SessionLease lease, Duration ttl) {
        Objects.requireNonNull(lease, "lease must not be null");
        requireTtl(ttl);
        Instant now = this.clock.get();
        return store().renewLease(lease, now, Timestamps.plus("lease expiry", now, ttl));
    }

    boolean release(SessionLease lease) {
        Objects.requireNonNull(lease, "lease must not be null");
        return store().releaseLease(lease, this.clock.get());
    }

    /**
     * The stores of a view writing with a lease: the base stores, unwrapped if they are a view's already.
     */
    LeaseFencedStore fence(SessionStore store, WaitStore waits, SessionLease lease) {
        LeaseStore leases = store();
        if (store instanceof LeaseFencedStore fenced) {
            return fenced.withLease(lease);
        }
        return new LeaseFencedStore(store, waits, leases, lease);
    }

    Optional<SessionEvent> findEvent(SessionRef ref, String eventId) {
        Objects.requireNonNull(ref, "ref must not be null");
        Identifiers.requireValid("eventId", eventId);
        return store().findEvent(ref, eventId, this.clock.get());
    }

    private LeaseStore store() {
        if (this.store == null) {
            throw new UnsupportedOperationException("The " + this.storeType + " session store has no run leases");
        }
        return this.store;
    }

    private static void requireTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl must not be null");
        Timestamps.requireTtl("lease ttl", ttl);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException ex) {
            return Long.MAX_VALUE / 2;
        }
    }
}
