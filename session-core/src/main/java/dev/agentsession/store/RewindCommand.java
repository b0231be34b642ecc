package dev.agentsession.store;

import java.time.Instant;
import java.util.Objects;

import dev.agentsession.EventType;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import org.jspecify.annotations.Nullable;

/**
 * Rewind a session in one atomic step that advances the version: append the {@code REWIND} marker as the next
 * event, take the events after {@code toSeq} (the marker included) out of the effective history, and set the
 * session-scope state to {@link HistoryReplay#sessionState its value after {@code toSeq}}. The store refuses a
 * {@code toSeq} that {@link HistoryReplay#requirePoint} refuses, with nothing changed.
 *
 * @param ref the session
 * @param toSeq the last event that keeps counting, 0 for none
 * @param marker the {@code REWIND} event, its {@code seq} not yet assigned
 * @param expectedVersion the version the session must have, or {@code null}
 * @param now the write time, the new {@code updatedAt}
 * @param expiresAt the new expiry, or {@code null}
 * @param fencingToken the token of the writer's run lease, or {@code null}; see {@link LeaseFence}
 */
public record RewindCommand(SessionRef ref, long toSeq, SessionEvent marker, @Nullable Long expectedVersion,
        Instant now, @Nullable Instant expiresAt, @Nullable Long fencingToken) {

    /**
     * Checks the arguments.
     */
    public RewindCommand {
        Objects.requireNonNull(ref, "ref must not be null");
        if (toSeq < 0) {
            throw new IllegalArgumentException("toSeq must not be negative, was " + toSeq);
        }
        Objects.requireNonNull(marker, "marker must not be null");
        if (marker.type() != EventType.REWIND) {
            throw new IllegalArgumentException("The marker of a rewind must be a REWIND event");
        }
        Objects.requireNonNull(now, "now must not be null");
    }

    /**
     * A rewind without a fencing token.
     * @param ref see the record
     * @param toSeq see the record
     * @param marker see the record
     * @param expectedVersion see the record
     * @param now see the record
     * @param expiresAt see the record
     */
    public RewindCommand(SessionRef ref, long toSeq, SessionEvent marker, @Nullable Long expectedVersion, Instant now,
            @Nullable Instant expiresAt) {
        this(ref, toSeq, marker, expectedVersion, now, expiresAt, null);
    }
}
