package dev.agentsession;

import java.time.Instant;
import java.util.OptionalInt;

import org.jspecify.annotations.Nullable;

/**
 * Which events a read returns, oldest first. The filters combine: {@code EventWindow.afterSeq(40).withRecent(10)}
 * is the last ten events after sequence number 40. A store serves {@link #recent(int)} without reading the
 * rest of the history. {@link #context()} reads what a model needs: the latest compaction's summary and the events
 * after the range it stands for, at the cost of what it returns.
 *
 * @param includeEvents {@code false} to read the session without any event
 * @param limit the number of most recent events to keep after the other filters, or 0 for all of them
 * @param afterSeq only events with a greater sequence number (0 keeps every event)
 * @param after only events with a later timestamp, or {@code null}
 * @param fromCompaction {@code true} to start from the latest compaction: its {@code COMPACTION} event first, then the
 * events after the range it stands for (other {@code COMPACTION} events left out); the whole history when the
 * session has no compaction
 */
public record EventWindow(boolean includeEvents, int limit, long afterSeq, @Nullable Instant after,
        boolean fromCompaction) {

    private static final EventWindow NONE = new EventWindow(false, 0, 0, null, false);

    private static final EventWindow ALL = new EventWindow(true, 0, 0, null, false);

    private static final EventWindow CONTEXT = new EventWindow(true, 0, 0, null, true);

    /**
     * Checks the arguments.
     */
    public EventWindow {
        if (limit < 0) {
            throw new IllegalArgumentException("recent count must be positive, was " + limit);
        }
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must not be negative, was " + afterSeq);
        }
        Timestamps.requireStorable("after instant", after);
    }

    /**
     * No events: the session, its state and its event count only.
     * @return the window
     */
    public static EventWindow none() {
        return NONE;
    }

    /**
     * The whole history.
     * @return the window
     */
    public static EventWindow all() {
        return ALL;
    }

    /**
     * The latest compaction's {@code COMPACTION} event (its summary) followed by the events after the range it
     * stands for, oldest first; the whole history when the session has no compaction. Combined with other filters
     * ({@code context().withRecent(20)}), they apply to the events after the summary. A store serves it without
     * reading the compacted range.
     * @return the window
     * @see dev.agentsession.history.Compaction
     */
    public static EventWindow context() {
        return CONTEXT;
    }

    /**
     * The {@code count} most recent events.
     * @param count how many, at least 1
     * @return the window
     */
    public static EventWindow recent(int count) {
        return ALL.withRecent(count);
    }

    /**
     * Events with a timestamp after {@code instant}.
     * @param instant the exclusive lower bound
     * @return the window
     */
    public static EventWindow after(Instant instant) {
        return ALL.withAfter(instant);
    }

    /**
     * Events with a sequence number greater than {@code seq}.
     * @param seq the exclusive lower bound
     * @return the window
     */
    public static EventWindow afterSeq(long seq) {
        return ALL.withAfterSeq(seq);
    }

    /**
     * This window, keeping only the {@code count} most recent of its events.
     * @param count how many, at least 1
     * @return the window
     */
    public EventWindow withRecent(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("recent count must be at least 1, was " + count);
        }
        return new EventWindow(true, count, this.afterSeq, this.after, this.fromCompaction);
    }

    /**
     * This window, keeping only events after {@code instant}.
     * @param instant the exclusive lower bound
     * @return the window
     */
    public EventWindow withAfter(Instant instant) {
        if (instant == null) {
            throw new IllegalArgumentException("after instant must not be null");
        }
        return new EventWindow(true, this.limit, this.afterSeq, instant, this.fromCompaction);
    }

    /**
     * This window, keeping only events with a sequence number greater than {@code seq}.
     * @param seq the exclusive lower bound
     * @return the window
     */
    public EventWindow withAfterSeq(long seq) {
        return new EventWindow(true, this.limit, seq, this.after, this.fromCompaction);
    }

    /**
     * What a store reads for this {@link #context()} window after the latest compaction's range: the same filters
     * over the events after {@code seq}, and one more event when it keeps a recent count, since the
     * {@code COMPACTION} event itself is among them. {@link dev.agentsession.history.Compaction#context} puts the
     * result in order.
     * @param seq the last sequence number of the compacted range
     * @return the window, not a context window
     */
    public EventWindow afterCompaction(long seq) {
        int tailLimit = (this.limit > 0) ? this.limit + 1 : 0;
        return new EventWindow(this.includeEvents, tailLimit, Math.max(seq, this.afterSeq), this.after, false);
    }

    /**
     * This window over the whole history, for a {@link #context()} read of a session without compaction.
     * @return the window, not a context window
     */
    public EventWindow withoutContext() {
        return new EventWindow(this.includeEvents, this.limit, this.afterSeq, this.after, false);
    }

    /**
     * The most-recent count, if this window has one.
     * @return the count
     */
    public OptionalInt recentCount() {
        return (this.limit > 0) ? OptionalInt.of(this.limit) : OptionalInt.empty();
    }

    /**
     * Whether an event passes this window's seq and time filters (the recent count aside).
     * @param event the event
     * @return {@code true} if it passes
     */
    public boolean admits(SessionEvent event) {
        return this.includeEvents && event.seq() > this.afterSeq
                && (this.after == null || event.timestamp().isAfter(this.after));
    }
}
