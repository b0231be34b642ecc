package dev.agentsession.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored compaction: the {@code COMPACTION} event that stands for the events {@code fromSeq} to {@code toSeq}
 * (and, through its own summary, for every compaction before). The log itself is never edited.
 *
 * @param seq the sequence number of the {@code COMPACTION} event
 * @param fromSeq the first event it stands for
 * @param toSeq the last event it stands for; {@link dev.agentsession.EventWindow#context()} reads the events after
 * it. In a fork of a session whose compacted events retention removed, the range is empty: {@code fromSeq - 1}
 * @param previousSeq the seq of the compaction before it, whose summary it carries on, or 0; a rewind that takes
 * this compaction out makes that one the latest again
 * @param summary the summary text
 * @param timestamp when it was written
 */
public record Compaction(long seq, long fromSeq, long toSeq, long previousSeq, String summary, Instant timestamp) {

    /** The key of the summary in the event's data. */
    public static final String SUMMARY = "summary";

    /** The key of the first sequence number in the event's data. */
    public static final String FROM_SEQ = "fromSeq";

    /** The key of the last sequence number in the event's data. */
    public static final String TO_SEQ = "toSeq";

    /** The key of the previous compaction's seq in the event's data. */
    public static final String PREVIOUS_SEQ = "previousSeq";

    /**
     * Checks the arguments.
     */
    public Compaction {
        // An empty range (toSeq = fromSeq - 1) is a fork's copy of a compaction whose events retention removed.
        if (fromSeq < 1 || toSeq < fromSeq - 1 || seq <= toSeq || previousSeq < 0 || previousSeq >= seq) {
            throw new IllegalArgumentException(
                    "A compaction at " + seq + " cannot stand for events " + fromSeq + " to " + toSeq);
        }
        Objects.requireNonNull(summary, "summary must not be null");
        Objects.requireNonNull(timestamp, "timestamp must not be null");
    }

    /**
     * Reads a {@code COMPACTION} event.
     * @param event the event
     * @return the compaction it records
     * @throws IllegalArgumentException if it is not a {@code COMPACTION} event with a summary and a range
     */
    public static Compaction of(SessionEvent event) {
        JsonNode data = event.data();
        if (event.type() != EventType.COMPACTION || data == null || !data.path(SUMMARY).isString()
                || !data.path(FROM_SEQ).canConvertToLong() || !data.path(TO_SEQ).canConvertToLong()) {
            throw new IllegalArgumentException("Event " + event.seq() + " does not record a compaction");
        }
        return new Compaction(event.seq(), data.get(FROM_SEQ).asLong(), data.get(TO_SEQ).asLong(),
                data.path(PREVIOUS_SEQ).asLong(0), data.get(SUMMARY).asString(), event.timestamp());
    }

    /**
     * A fork's copy of this compaction's event, with its range and previous compaction in the fork's numbering.
     * @param copy the event as the fork copies it, its new seq set
     * @param newFromSeq the fork's seq of the first event the compaction stands for
     * @param newToSeq the fork's seq of the last one ({@code newFromSeq - 1} when none was copied)
     * @param newPreviousSeq the fork's seq of the previous compaction, or 0
     * @return the copy with its data renumbered
     */
    public SessionEvent renumbered(SessionEvent copy, long newFromSeq, long newToSeq, long newPreviousSeq) {
        ObjectNode data = (ObjectNode) Objects.requireNonNull(copy.data()).deepCopy();
        data.put(FROM_SEQ, newFromSeq);
        data.put(TO_SEQ, newToSeq);
        data.put(PREVIOUS_SEQ, newPreviousSeq);
        return new SessionEvent(copy.seq(), copy.id(), copy.type(), copy.author(), copy.content(), data,
                copy.stateDelta(), copy.metadata(), copy.timestamp());
    }

    /**
     * The data of a {@code COMPACTION} event.
     * @param fromSeq the first event it stands for
     * @param toSeq the last event it stands for
     * @param previousSeq the seq of the compaction before, or 0
     * @param summary the summary
     * @return the data
     */
    public static ObjectNode data(long fromSeq, long toSeq, long previousSeq, String summary) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put(SUMMARY, summary);
        data.put(FROM_SEQ, fromSeq);
        data.put(TO_SEQ, toSeq);
        data.put(PREVIOUS_SEQ, previousSeq);
        return data;
    }

    /**
     * What a {@link dev.agentsession.EventWindow#context()} window returns, from the latest {@code COMPACTION} event
     * and the events a store read with {@link dev.agentsession.EventWindow#afterCompaction(long)}: that event first,
     * then the events read but {@code COMPACTION} events (the summary itself and older ones, which it replaces),
     * the window's recent count applied to them.
     * @param compaction the latest {@code COMPACTION} event
     * @param after the events read after its {@code toSeq}, oldest first
     * @param window the context window
     * @return the context, oldest first after the summary
     */
    public static List<SessionEvent> context(SessionEvent compaction, List<SessionEvent> after, EventWindow window) {
        List<SessionEvent> kept = after.stream().filter((event) -> event.type() != EventType.COMPACTION).toList();
        int limit = window.recentCount().orElse(kept.size());
        List<SessionEvent> context = new ArrayList<>(Math.min(limit, kept.size()) + 1);
        context.add(compaction);
        context.addAll(kept.subList(Math.max(0, kept.size() - limit), kept.size()));
        return context;
    }
}
