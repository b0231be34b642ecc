package dev.agentsession.store;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Instants as microseconds since the epoch, the one time precision every store keeps: managers truncate every
 * time they hand a store to microseconds, so a round trip through a store gives back the same instant.
 */
public final class EpochMicros {

    private EpochMicros() {
    }

    /**
     * The microseconds since the epoch of an instant, rounded towards the past.
     * @param instant the instant
     * @return the microseconds
     * @throws ArithmeticException if the instant is outside the range a {@code long} of microseconds holds
     */
    public static long of(Instant instant) {
        // Seconds and nanos apart: ChronoUnit.MICROS.between goes through nanoseconds, which overflow after 2262.
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    /**
     * Like {@link #of(Instant)}, passing {@code null} through.
     * @param instant the instant, or {@code null}
     * @return the microseconds, or {@code null}
     */
    public static @Nullable Long ofNullable(@Nullable Instant instant) {
        return (instant != null) ? of(instant) : null;
    }

    /**
     * The instant of a microsecond count.
     * @param micros microseconds since the epoch
     * @return the instant
     */
    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    /**
     * Like {@link #toInstant(long)}, passing {@code null} through.
     * @param micros microseconds since the epoch, or {@code null}
     * @return the instant, or {@code null}
     */
    public static @Nullable Instant toInstantOrNull(@Nullable Long micros) {
        return (micros != null) ? toInstant(micros) : null;
    }
}
