package dev.agentsession;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.session.SessionIdGenerator;

/**
 * Generates version 7 UUIDs (RFC 9562): 48 bits of Unix milliseconds, then a counter and random bits, so
 * that ids sort by creation time. Within one millisecond the 12-bit counter keeps ids of this generator in
 * order; should it overflow, the timestamp part moves a millisecond ahead rather than going back.
 */
public final class TimeOrderedSessionIdGenerator implements SessionIdGenerator {

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    /** The last (millis << 12 | counter) handed out. */
    private final AtomicLong last = new AtomicLong();

    /**
     * A generator on the system clock.
     */
    public TimeOrderedSessionIdGenerator() {
        this(Clock.systemUTC());
    }

    /**
     * A generator on the given clock.
     * @param clock the clock that supplies the timestamp
     */
    public TimeOrderedSessionIdGenerator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /**
     * Generates the next id.
     * @return a UUIDv7 string
     */
    @Override
    public String generate() {
        long now = this.clock.millis() << 12;
        long stamp = this.last.updateAndGet((previous) -> Math.max(previous + 1, now));
        long millis = stamp >>> 12;
        long counter = stamp & 0xFFF;
        long high = (millis << 16) | 0x7000L | counter;
        long low = (this.random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
