package dev.agentsession.history;

import org.jspecify.annotations.Nullable;

/**
 * How a session manager compacts: the summarizer it calls, and the policy that {@code compact(ref)} applies and
 * that is checked after every append.
 *
 * @param summarizer writes summaries, or {@code null} when compaction is not set up
 * @param policy the policy of {@code compact(ref)} and of compaction after an append, or {@code null} to compact
 * only when asked with a policy
 */
public record CompactionSettings(@Nullable Summarizer summarizer, @Nullable CompactionPolicy policy) {

    private static final CompactionSettings NONE = new CompactionSettings(null, null);

    /**
     * Checks the arguments.
     */
    public CompactionSettings {
        if (summarizer == null && policy != null) {
            throw new IllegalArgumentException("A compaction policy needs a summarizer");
        }
    }

    /**
     * No compaction.
     * @return the settings
     */
    public static CompactionSettings none() {
        return NONE;
    }

    /**
     * Compaction with a summarizer, only when asked with a policy.
     * @param summarizer writes summaries
     * @return the settings
     */
    public static CompactionSettings of(Summarizer summarizer) {
        return new CompactionSettings(summarizer, null);
    }

    /**
     * Compaction with a summarizer and a policy checked after every append.
     * @param summarizer writes summaries
     * @param policy how much to keep
     * @return the settings
     */
    public static CompactionSettings automatic(Summarizer summarizer, CompactionPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("policy must not be null");
        }
        return new CompactionSettings(summarizer, policy);
    }
}
