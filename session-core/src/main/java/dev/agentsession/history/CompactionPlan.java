package dev.agentsession.history;

import java.util.List;
import java.util.Optional;

import dev.agentsession.EventType;
import dev.agentsession.SessionEvent;
import org.jspecify.annotations.Nullable;

/**
 * What a compaction will summarize, chosen by a policy from a session's context: whole turns from the end of the
 * previous compaction's range on.
 *
 * @param fromSeq the first event the new compaction stands for
 * @param toSeq the last one; the turns after it are kept
 * @param events the events to summarize, oldest first, without {@code COMPACTION} events
 * @param previousSeq the seq of the latest compaction, or 0
 * @param previousSummary the latest compaction's summary, or {@code null}
 */
public record CompactionPlan(long fromSeq, long toSeq, List<SessionEvent> events, long previousSeq,
        @Nullable String previousSummary) {

    /**
     * Checks the arguments and takes an immutable copy.
     */
    public CompactionPlan {
        if (fromSeq < 1 || toSeq < fromSeq) {
            throw new IllegalArgumentException("A compaction cannot stand for events " + fromSeq + " to " + toSeq);
        }
        events = List.copyOf(events);
    }

    /**
     * Plans a compaction.
     * @param context what {@link dev.agentsession.EventWindow#context()} read: the latest {@code COMPACTION} event,
     * if any, then the events after its range
     * @param policy how much to keep
     * @return the plan, or empty when the policy finds nothing to compact
     */
    public static Optional<CompactionPlan> of(List<SessionEvent> context, CompactionPolicy policy) {
        Compaction previous = (!context.isEmpty() && context.get(0).type() == EventType.COMPACTION)
                ? Compaction.of(context.get(0)) : null;
        List<Turn> turns = Turn.of(context);
        int count = Math.min(policy.turnsToCompact(List.copyOf(turns)), turns.size() - 1);
        if (count <= 0) {
            return Optional.empty();
        }
        List<SessionEvent> events = turns.subList(0, count).stream().flatMap((turn) -> turn.events().stream()).toList();
        long fromSeq = (previous != null) ? previous.toSeq() + 1 : 1;
        return Optional.of(new CompactionPlan(fromSeq, turns.get(count).firstSeq() - 1, events,
                (previous != null) ? previous.seq() : 0, (previous != null) ? previous.summary() : null));
    }
}
