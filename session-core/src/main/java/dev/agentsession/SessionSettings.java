package dev.agentsession;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The rules a {@link SessionManager} applies whatever the store.
 *
 * @param ttl how long a session lives after its last write, or {@code null} for no expiry
 * @param maxEventSize the largest serialized event accepted, in bytes
 */
public record SessionSettings(@Nullable Duration ttl, long maxEventSize) {

    /** The default largest event: 1 MB serialized. */
    public static final long DEFAULT_MAX_EVENT_SIZE = 1024 * 1024;

    /**
     * Checks the arguments.
     */
    public SessionSettings {
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        if (maxEventSize < 1) {
            throw new IllegalArgumentException("maxEventSize must be positive, was " + maxEventSize);
        }
    }

    /**
     * No expiry and events up to 1 MB.
     * @return the defaults
     */
    public static SessionSettings defaults() {
        return new SessionSettings(null, DEFAULT_MAX_EVENT_SIZE);
    }

    /**
     * These settings with a time-to-live.
     * @param ttl the time-to-live, or {@code null} for none
     * @return the settings
     */
    public SessionSettings withTtl(@Nullable Duration ttl) {
        return new SessionSettings(ttl, this.maxEventSize);
    }

    /**
     * These settings with another event size limit.
     * @param maxEventSize the limit in bytes
     * @return the settings
     */
    public SessionSettings withMaxEventSize(long maxEventSize) {
        return new SessionSettings(this.ttl, maxEventSize);
    }
}
