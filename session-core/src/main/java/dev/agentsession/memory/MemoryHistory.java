package dev.agentsession.memory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;

import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.agentsession.store.ForkCommand;
import dev.agentsession.store.HistoryReplay;
import dev.agentsession.store.RewindCommand;

/**
 * Rewind and fork on sessions held in memory, under the caller's lock of the session: the log is the session's
 * event list, so the rebuild reads it in place.
 */
final class MemoryHistory {

    private MemoryHistory() {
    }

    /**
     * Appends the marker, records the rewound range and rebuilds the session-scope state; the caller has checked
     * status and version and advances the version.
     * @return the marker as stored
     */
    static SessionEvent rewind(MemorySession session, RewindCommand command) {
        HistoryReplay.requirePoint("toSeq", command.toSeq(), session.events.size(), session.rewound);
        HistoryReplay.requireKept(session.ref, "toSeq", command.toSeq(), session.firstSeq);
        Map<String, Object> rebuilt = HistoryReplay.sessionState(session.initialState, session.storedEvents(),
                session.rewound, command.toSeq());
        SessionEvent marker = command.marker().withSeq(session.events.size() + 1);
        session.addEvents(List.of(marker));
        session.rewound = session.rewound.rewind(command.toSeq(), marker.seq());
        session.replaceState(rebuilt);
        return marker;
    }

    /**
     * Removes the compacted events older than a time from every live session, each under its lock; see
     * {@link dev.agentsession.store.HistoryRetention#removeCompactedEvents}.
     */
    static long removeCompacted(Cache<SessionRef, MemorySession> sessions, Instant removeBefore, int batchSize,
            Instant now) {
        Objects.requireNonNull(removeBefore, "removeBefore must not be null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        long[] removed = new long[1];
        for (SessionRef ref : List.copyOf(sessions.asMap().keySet())) {
            sessions.asMap().computeIfPresent(ref, (key, session) -> {
                synchronized (session) {
                    if (!session.isExpired(now)) {
                        removed[0] += session.removeCompacted(removeBefore);
                    }
                    return session;
                }
            });
        }
        return removed[0];
    }

    /**
     * The new session of a fork, not yet stored: events, initial state and session-scope state copied from the
     * source, read under its lock.
     */
    static MemorySession fork(MemorySession source, ForkCommand command) {
        synchronized (source) {
            return copy(source, command);
        }
    }

    private static MemorySession copy(MemorySession source, ForkCommand command) {
        HistoryReplay.requirePoint("atSeq", command.atSeq(), source.events.size(), source.rewound);
        HistoryReplay.requireKept(source.ref, "atSeq", command.atSeq(), source.firstSeq);
        MemorySession forked = new MemorySession(command.target(), source.metadata, command.now(),
                command.expiresAt());
        forked.initialState = source.initialState;
        forked.addEvents(HistoryReplay.forkedEvents(source.storedEvents(), source.rewound, command.atSeq()));
        forked.replaceState(HistoryReplay.sessionState(source.initialState, source.storedEvents(), source.rewound,
                command.atSeq()));
        return forked;
    }
}
