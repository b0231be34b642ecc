package dev.agentsession.store;

import java.time.Instant;

/**
 * History retention ({@code agent.session.history.retention}): a store that implements it removes events that a
 * compaction stands for once they are old enough, keeping the session, its summary and the events after it. A
 * session's removed events are always its first ones: {@link SessionStore#events} throws
 * {@link dev.agentsession.EventsRemovedException} for a range that starts before the first one kept.
 */
public interface HistoryRetention {

    /**
     * Removes, in every live session with a compaction, the events from its first stored one up to its latest
     * compaction's {@code toSeq}, stopping at the first one whose timestamp is not before {@code removeBefore}.
     * Each session's removal is atomic, the sessions are visited in batches, and several nodes may run it at once.
     * Neither the session's version nor its update time changes; a removed event's id is forgotten.
     * @param removeBefore events with an earlier timestamp may be removed
     * @param batchSize how many sessions (or events) one step handles, at least 1
     * @param now the time that decides which sessions are live
     * @return how many events were removed
     */
    long removeCompactedEvents(Instant removeBefore, int batchSize, Instant now);
}
