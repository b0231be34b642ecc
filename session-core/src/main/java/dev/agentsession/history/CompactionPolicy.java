package dev.agentsession.history;

import java.util.List;
import java.util.Objects;

/**
 * How much of a conversation a compaction keeps. A policy looks at the turns after the latest compaction (see
 * {@link Turn#of(List)}) and says how many of the oldest to summarize; the rest stay as they are. It always keeps
 * at least the last turn, so {@code 0} means that no compaction is due.
 */
@FunctionalInterface
public interface CompactionPolicy {

    /**
     * How many of the oldest turns to compact.
     * @param turns the turns after the latest compaction, oldest first
     * @return from 0 (nothing due) to {@code turns.size() - 1}; a larger count is read as {@code turns.size() - 1}
     */
    int turnsToCompact(List<Turn> turns);

    /**
     * Keeps the last {@code turns} turns: once more are held, the older ones are compacted.
     * @param turns how many turns to keep, at least 1
     * @return the policy
     */
    static CompactionPolicy lastTurns(int turns) {
        if (turns < 1) {
            throw new IllegalArgumentException("turns to keep must be at least 1, was " + turns);
        }
        return (held) -> Math.max(0, held.size() - turns);
    }

    /**
     * Keeps a token budget, estimating four characters per token ({@link TokenEstimator#approximate()}).
     * @param tokens the most tokens the kept turns may cost, at least 1
     * @return the policy
     * @see #tokenBudget(long, TokenEstimator)
     */
    static CompactionPolicy tokenBudget(long tokens) {
        return tokenBudget(tokens, TokenEstimator.approximate());
    }

    /**
     * Keeps a token budget: once the turns held cost more than {@code tokens}, the oldest are compacted until the
     * rest fit (the last turn is kept even when it alone costs more).
     * @param tokens the most tokens the kept turns may cost, at least 1
     * @param estimator the tokens of an event
     * @return the policy
     */
    static CompactionPolicy tokenBudget(long tokens, TokenEstimator estimator) {
        if (tokens < 1) {
            throw new IllegalArgumentException("token budget must be at least 1, was " + tokens);
        }
        Objects.requireNonNull(estimator, "estimator must not be null");
        return (held) -> {
            long kept = 0;
            for (int i = held.size() - 1; i >= 0; i--) {
                kept += held.get(i).events().stream().mapToLong(estimator::estimate).sum();
                if (kept > tokens) {
                    return Math.min(i + 1, held.size() - 1);
                }
            }
            return 0;
        };
    }

    /**
     * Both policies: a compaction is due when either says so, and keeps what both allow.
     * @param first one policy
     * @param second the other
     * @return the policy
     */
    static CompactionPolicy both(CompactionPolicy first, CompactionPolicy second) {
        Objects.requireNonNull(first, "first policy must not be null");
        Objects.requireNonNull(second, "second policy must not be null");
        return (held) -> Math.max(first.turnsToCompact(held), second.turnsToCompact(held));
    }
}
