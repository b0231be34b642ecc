package dev.agentsession;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

import org.springframework.session.SessionIdGenerator;

/**
 * Generates version 7 UUIDs (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits from a
 * {@link SecureRandom} (the 12-bit {@code rand_a} and the 62-bit {@code rand_b} fields), so that ids sort by
 * creation time to the millisecond and cannot be guessed. Ids made within one millisecond are in no particular
 * order: nothing in a store depends on their order (events are ordered by {@code seq}).
 */
public final class TimeOrderedSessionIdGenerator implements SessionIdGenerator {

    /** How many bits of an id are random. */
    public static final int RANDOM_BITS = 74;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

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
        long millis = this.clock.millis() & 0xFFFF_FFFF_FFFFL;
        long randA = this.random.nextInt(1 << 12);
        long high = (millis << 16) | 0x7000L | randA;
        long low = (this.random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
