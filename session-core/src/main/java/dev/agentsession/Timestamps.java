package dev.agentsession;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The instants a store keeps: years 1 to 9999 (SPEC 3.5), which every database and the ISO-8601 form of JSON
 * hold and whose microseconds fit a {@code long}. A time outside them, given or computed (a timestamp, a
 * window, a time-to-live added to now), is refused with an {@link IllegalArgumentException}.
 */
public final class Timestamps {

    /** The earliest instant stored: 0001-01-01T00:00:00Z. */
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

    /** The latest instant stored: 9999-12-31T23:59:59.999999Z. */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Timestamps() {
    }

    /**
     * Checks an instant and returns it.
     * @param name what the instant is, for the error message
     * @param instant the instant, or {@code null}
     * @return {@code instant}
     * @throws IllegalArgumentException if it is outside {@link #MIN} to {@link #MAX}
     */
    public static @Nullable Instant requireStorable(String name, @Nullable Instant instant) {
        if (instant != null && (instant.isBefore(MIN) || instant.isAfter(MAX))) {
            throw new IllegalArgumentException(name + " must be between " + MIN + " and " + MAX + ", was " + instant);
        }
        return instant;
    }

    /**
     * An instant plus a duration, which must be storable.
     * @param name what the result is, for the error message
     * @param instant the instant
     * @param amount the duration to add, negative to subtract
     * @return the storable result
     * @throws IllegalArgumentException if the result is outside {@link #MIN} to {@link #MAX}
     */
    public static Instant plus(String name, Instant instant, Duration amount) {
        try {
            return requireStorable(name, instant.plus(amount));
        }
        catch (DateTimeException | ArithmeticException ex) {
            throw new IllegalArgumentException(name + " must be between " + MIN + " and " + MAX + ", was " + instant
                    + " plus " + amount);
        }
    }

    /**
     * Checks a time-to-live: positive, and short enough that now plus it is storable.
     * @param name what the duration is, for the error message
     * @param ttl the duration, or {@code null}
     * @return {@code ttl}
     * @throws IllegalArgumentException if it is zero, negative or longer than the time from {@link #MIN} to
     * {@link #MAX}
     */
    public static @Nullable Duration requireTtl(String name, @Nullable Duration ttl) {
        if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.between(MIN, MAX)) > 0)) {
            throw new IllegalArgumentException(name + " must be positive and at most "
                    + Duration.between(MIN, MAX).toDays() + " days, was " + ttl);
        }
        return ttl;
    }
}
