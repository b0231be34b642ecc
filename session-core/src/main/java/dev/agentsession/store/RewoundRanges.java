package dev.agentsession.store;

import java.util.ArrayList;
import java.util.List;

import dev.agentsession.SessionEvent;
import org.jspecify.annotations.Nullable;

/**
 * The sequence ranges of a session's log that rewinds took out of its effective history, ascending and disjoint.
 * A rewind whose marker is event {@code r} back to {@code t} adds the range {@code [t+1, r]} and swallows the ranges
 * after {@code t}, so a session keeps at most one range per rewind that did not undo an earlier one: the list stays
 * small and lives on the session record, where every read finds it without touching the log. Stores write it with
 * {@link #toJson()}, e.g. {@code [[3,6],[9,12]]}, and {@code ""} or {@code []} for none.
 *
 * @param ranges the ranges, ascending and disjoint
 */
public record RewoundRanges(List<Range> ranges) {

    private static final RewoundRanges NONE = new RewoundRanges(List.of());

    /**
     * Takes an unmodifiable copy.
     */
    public RewoundRanges {
        ranges = List.copyOf(ranges);
    }

    /**
     * No rewound range.
     * @return the empty ranges
     */
    public static RewoundRanges none() {
        return NONE;
    }

    /**
     * Reads the form {@link #toJson()} writes.
     * @param json the stored form, or {@code null} or blank for none
     * @return the ranges
     * @throws IllegalArgumentException if {@code json} is not that form
     */
    public static RewoundRanges parse(@Nullable String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        String body = json.replace(" ", "");
        if (!body.startsWith("[") || !body.endsWith("]")) {
            throw new IllegalArgumentException("Not a list of rewound ranges");
        }
        body = body.substring(1, body.length() - 1);
        List<Range> ranges = new ArrayList<>();
        if (!body.isEmpty()) {
            for (String pair : body.substring(1, body.length() - 1).split("],\\[")) {
                String[] bounds = pair.split(",");
                if (bounds.length != 2) {
                    throw new IllegalArgumentException("Not a list of rewound ranges");
                }
                ranges.add(new Range(Long.parseLong(bounds[0]), Long.parseLong(bounds[1])));
            }
        }
        return new RewoundRanges(ranges);
    }

    /**
     * The stored form, {@code [[from,to],...]}.
     * @return the JSON list
     */
    public String toJson() {
        StringBuilder json = new StringBuilder("[");
        for (Range range : this.ranges) {
            json.append((json.length() > 1) ? ",[" : "[").append(range.from()).append(',').append(range.to())
                .append(']');
        }
        return json.append(']').toString();
    }

    /**
     * Whether there is no range.
     * @return {@code true} when nothing was rewound
     */
    public boolean isEmpty() {
        return this.ranges.isEmpty();
    }

    /**
     * Whether an event with this sequence number was rewound.
     * @param seq the sequence number
     * @return {@code true} if it does not count
     */
    public boolean covers(long seq) {
        for (Range range : this.ranges) {
            if (seq >= range.from() && seq <= range.to()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an event counts in the effective history.
     * @param event the event
     * @return {@code true} unless a rewind took it out
     */
    public boolean counts(SessionEvent event) {
        return !covers(event.seq());
    }

    /**
     * The ranges after a rewind back to {@code toSeq} whose marker is event {@code markerSeq}.
     * @param toSeq the last event that keeps counting, not inside a range
     * @param markerSeq the sequence number of the rewind marker, greater than {@code toSeq}
     * @return the new ranges
     */
    public RewoundRanges rewind(long toSeq, long markerSeq) {
        List<Range> kept = new ArrayList<>();
        for (Range range : this.ranges) {
            if (range.to() <= toSeq) {
                kept.add(range);
            }
        }
        kept.add(new Range(toSeq + 1, markerSeq));
        return new RewoundRanges(kept);
    }

    /**
     * The effective sequence numbers in {@code (afterSeq, lastSeq]} as ascending inclusive intervals.
     * @param afterSeq the exclusive lower bound
     * @param lastSeq the inclusive upper bound
     * @return the intervals
     */
    public List<Range> effective(long afterSeq, long lastSeq) {
        if (this.ranges.isEmpty()) {
            // The common case, on every read of a session never rewound: one interval, no list to grow.
            return (afterSeq < lastSeq) ? List.of(new Range(afterSeq + 1, lastSeq)) : List.of();
        }
        List<Range> intervals = new ArrayList<>();
        long next = afterSeq + 1;
        for (Range range : this.ranges) {
            if (range.from() > next && next <= lastSeq) {
                intervals.add(new Range(next, Math.min(range.from() - 1, lastSeq)));
            }
            next = Math.max(next, range.to() + 1);
        }
        if (next <= lastSeq) {
            intervals.add(new Range(next, lastSeq));
        }
        return intervals;
    }

    /**
     * The last {@code count} effective sequence numbers in {@code (afterSeq, lastSeq]} as ascending inclusive
     * intervals: what {@code recent(count)} reads, found without looking at the skipped events.
     * @param afterSeq the exclusive lower bound
     * @param lastSeq the inclusive upper bound
     * @param count how many
     * @return the intervals
     */
    public List<Range> lastEffective(long afterSeq, long lastSeq, int count) {
        List<Range> all = effective(afterSeq, lastSeq);
        List<Range> last = new ArrayList<>();
        long wanted = count;
        for (int i = all.size() - 1; i >= 0 && wanted > 0; i--) {
            Range interval = all.get(i);
            long from = Math.max(interval.from(), interval.to() - wanted + 1);
            last.add(0, new Range(from, interval.to()));
            wanted -= interval.to() - from + 1;
        }
        return last;
    }

    /**
     * An inclusive range of sequence numbers.
     *
     * @param from the first
     * @param to the last, not less than {@code from}
     */
    public record Range(long from, long to) {

        /**
         * Checks the bounds.
         */
        public Range {
            if (from < 1 || to < from) {
                throw new IllegalArgumentException("Not a range of sequence numbers: " + from + " to " + to);
            }
        }
    }
}
