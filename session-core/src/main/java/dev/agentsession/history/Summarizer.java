package dev.agentsession.history;

import java.util.List;

import dev.agentsession.SessionEvent;
import org.jspecify.annotations.Nullable;

/**
 * Writes the summary of a compaction, usually by asking a model. It is called outside any store transaction, and
 * the compaction it serves is stored only if no other write reached the session meanwhile.
 */
@FunctionalInterface
public interface Summarizer {

    /**
     * Summarizes events, carrying on from the previous summary.
     * @param events the events being compacted, oldest first, whole turns ({@code COMPACTION} events left out)
     * @param previousSummary the summary of the compaction before, which the new one replaces, or {@code null}
     * @return the summary text
     */
    String summarize(List<SessionEvent> events, @Nullable String previousSummary);
}
