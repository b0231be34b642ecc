package dev.agentsession.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.agentsession.SessionRef;

/**
 * Expires each session of the memory store's cache at its own {@code expiresAt}, re-read after every write, on the
 * time of the store's clock (so tests that move the clock move Caffeine's time too).
 *
 * @param clock the store's clock
 */
record MemorySessionExpiry(Clock clock) implements Expiry<SessionRef, MemorySession> {

    /**
     * The memory store's cache of sessions, expiring each at its own time and evicting the least recently used
     * beyond a maximum.
     * @param onEviction told of each session evicted or expired by the cache
     */
    Cache<SessionRef, MemorySession> cache(long maximumSessions, Consumer<MemorySession> onEviction) {
        return Caffeine.newBuilder()
            // The cache's upkeep (expiry, eviction) runs on the writing thread, amortized over writes: handing it to
            // the common pool woke a pool thread on almost every write, which cost more than the write itself.
            .executor(Runnable::run)
            .maximumSize(maximumSessions)
            .ticker(ticker())
            .expireAfter(this)
            .<SessionRef, MemorySession>evictionListener((ref, session, cause) -> {
                if (session != null) {
                    onEviction.accept(session);
                }
            })
            .build();
    }

    /**
     * The cache's ticker: the clock's time in nanoseconds.
     */
    Ticker ticker() {
        return () -> {
            Instant now = this.clock.instant();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        };
    }

    @Override
    public long expireAfterCreate(SessionRef key, MemorySession session, long currentTime) {
        return remaining(session);
    }

    @Override
    public long expireAfterUpdate(SessionRef key, MemorySession session, long currentTime, long currentDuration) {
        return remaining(session);
    }

    @Override
    public long expireAfterRead(SessionRef key, MemorySession session, long currentTime, long currentDuration) {
        return currentDuration;
    }

    private long remaining(MemorySession session) {
        Instant expiresAt = session.expiresAt;
        if (expiresAt == null) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, Duration.between(this.clock.instant(), expiresAt).toNanos());
    }
}
