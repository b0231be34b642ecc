package dev.agentsession;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The rules a {@link SessionManager} applies whatever the store.
 *
 * @param ttl how long a session lives after its last write, or {@code null} for no expiry
 * @param maxEventSize the largest serialized event accepted, in bytes
 * @param waitTtl how long a wait stays valid when its registration names no time-to-live
 */
public record SessionSettings(@Nullable Duration ttl, long maxEventSize, Duration waitTtl) {

    /** The default largest event: 1 MB serialized. */
    public static final long DEFAULT_MAX_EVENT_SIZE = 1024 * 1024;

    /** The default wait time-to-live: one day. */
    public static final Duration DEFAULT_WAIT_TTL = Duration.ofDays(1);

    /**
     * Checks the arguments.
     */
    public SessionSettings {
        Timestamps.requireTtl("ttl", ttl);
        if (maxEventSize < 1) {
            throw new IllegalArgumentException("maxEventSize must be positive, was " + maxEventSize);
        }
        if (waitTtl == null) {
            throw new IllegalArgumentException("waitTtl must not be null");
        }
        Timestamps.requireTtl("waitTtl", waitTtl);
    }

    /**
     * No expiry, events up to 1 MB, waits valid for a day.
     * @return the defaults
     */
    public static SessionSettings defaults() {
        return new SessionSettings(null, DEFAULT_MAX_EVENT_SIZE, DEFAULT_WAIT_TTL);
    }

    /**
     * These settings with a time-to-live.
     * @param ttl the time-to-live, or {@code null} for none
     * @return the settings
     */
    public SessionSettings withTtl(@Nullable Duration ttl) {
        return new SessionSettings(ttl, this.maxEventSize, this.waitTtl);
    }

    /**
     * These settings with another event size limit.
     * @param maxEventSize the limit in bytes
     * @return the settings
     */
    public SessionSettings withMaxEventSize(long maxEventSize) {
        return new SessionSettings(this.ttl, maxEventSize, this.waitTtl);
    }

    /**
     * These settings with another default wait time-to-live.
     * @param waitTtl the time-to-live
     * @return the settings
     */
    public SessionSettings withWaitTtl(Duration waitTtl) {
        return new SessionSettings(this.ttl, this.maxEventSize, waitTtl);
    }
}
