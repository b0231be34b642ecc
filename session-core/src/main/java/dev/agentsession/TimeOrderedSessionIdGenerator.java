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
 *
 * <p>The random bits are taken from a buffer that one {@link SecureRandom#nextBytes(byte[])} call fills for 51 ids
 * at a time: a call per id costs more than the rest of an in-memory append. Every id still gets 74 bits no other id
 * shares; the buffer is guarded by the generator's lock, so ids may be generated on any number of threads.
 */
public final class TimeOrderedSessionIdGenerator implements SessionIdGenerator {

    /** How many bits of an id are random. */
    public static final int RANDOM_BITS = 74;

    private final Clock clock;

    /** Random bytes drawn per id: 10 bytes hold the 74 bits. */
    private static final int BYTES_PER_ID = 10;

    /** How many random bytes one {@link SecureRandom} call draws. */
    private static final int BUFFER_SIZE = 51 * BYTES_PER_ID;

    private final SecureRandom random = new SecureRandom();

    private final byte[] buffer = new byte[BUFFER_SIZE];

    /** The next unused byte of {@link #buffer}; at its end the buffer is refilled before use. */
    private int position = BUFFER_SIZE;

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
        long randA;
        long randB;
        synchronized (this.buffer) {
            if (this.position == BUFFER_SIZE) {
                this.random.nextBytes(this.buffer);
                this.position = 0;
            }
            int at = this.position;
            randA = ((this.buffer[at] & 0xFFL) << 8) | (this.buffer[at + 1] & 0xFFL);
            randB = 0;
            for (int i = at + 2; i < at + BYTES_PER_ID; i++) {
                randB = (randB << 8) | (this.buffer[i] & 0xFFL);
            }
            this.position = at + BYTES_PER_ID;
        }
        long high = (millis << 16) | 0x7000L | (randA & 0xFFFL);
        long low = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
