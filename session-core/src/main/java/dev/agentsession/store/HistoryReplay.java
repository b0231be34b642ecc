package dev.agentsession.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentsession.SessionEvent;
import dev.agentsession.state.StateChanges;
import dev.agentsession.state.StateScope;
import org.jspecify.annotations.Nullable;

/**
 * The rules of rewind and fork that every store shares: which sequence numbers a rewind or fork may name, the
 * session-scope state rebuilt from the initial state and the events' deltas, and the events a fork copies. A store
 * calls these inside its own atomic step, on what it read under its lock (or, on Redis, under a version check).
 */
public final class HistoryReplay {

    private HistoryReplay() {
    }

    /**
     * Checks that {@code seq} names a point of the effective history a rewind or fork can go back to: 0 (before the
     * first event) or the sequence number of an event that counts.
     * @param what {@code toSeq} or {@code atSeq}, for the message
     * @param seq the point
     * @param eventCount the raw log's length
     * @param rewound the session's rewound ranges
     * @throws IllegalArgumentException if it is after the last event or inside a rewound range
     */
    public static void requirePoint(String what, long seq, long eventCount, RewoundRanges rewound) {
        if (seq > eventCount) {
            throw new IllegalArgumentException(what + " " + seq + " is after the session's last event (" + eventCount
                    + "); nothing was changed");
        }
        if (rewound.covers(seq)) {
            throw new IllegalArgumentException(what + " " + seq + " is an event an earlier rewind took out of the "
                    + "history; name an event that still counts. Nothing was changed");
        }
    }

    /**
     * The session-scope state after event {@code toSeq}: the initial state with the session-scope part of the
     * delta of every effective event up to {@code toSeq} applied in order. {@code user:} and {@code app:} keys are
     * shared with other sessions and are not rebuilt; changes made by {@code updateState} are not in the log and
     * so are not replayed.
     * @param initial the session-scope state the session was created with
     * @param events the log from its first event on, oldest first (events after {@code toSeq} are ignored)
     * @param rewound the session's rewound ranges
     * @param toSeq the last event replayed
     * @return the session-scope state
     */
    public static Map<String, Object> sessionState(Map<String, Object> initial, List<SessionEvent> events,
            RewoundRanges rewound, long toSeq) {
        Map<String, Object> state = new LinkedHashMap<>(initial);
        for (SessionEvent event : events) {
            if (event.seq() <= toSeq && rewound.counts(event)) {
                StateChanges.applyTo(state, StateChanges.of(event.stateDelta()).session());
            }
        }
        return state;
    }

    /**
     * The change that turns the session-scope keys of {@code current} into {@code rebuilt}: the keys that go are
     * deleted, every rebuilt key is written. {@code user:} and {@code app:} keys are left alone.
     * @param current the session's state now (the merged view or the session scope alone)
     * @param rebuilt the session-scope state to have
     * @return the changes, session scope only
     */
    public static StateChanges replacing(Map<String, Object> current, Map<String, Object> rebuilt) {
        Map<String, @Nullable Object> changes = new LinkedHashMap<>();
        current.keySet().forEach((key) -> {
            if (StateScope.of(key) == StateScope.SESSION && !rebuilt.containsKey(key)) {
                changes.put(key, null);
            }
        });
        changes.putAll(rebuilt);
        return new StateChanges(changes, Map.of(), Map.of());
    }

    /**
     * The session-scope keys given at creation, the initial state a rebuild starts from.
     * @param created the state of a create command
     * @return the session-scope keys with a value
     */
    public static Map<String, Object> initialState(StateChanges created) {
        Map<String, Object> initial = new LinkedHashMap<>();
        StateChanges.applyTo(initial, created.session());
        return initial;
    }

    /**
     * The events a fork at {@code atSeq} copies: the effective ones up to it, numbered again 1, 2, 3… with their
     * ids, content, deltas and timestamps kept.
     * @param events the log from its first event on, oldest first
     * @param rewound the source's rewound ranges
     * @param atSeq the last event copied
     * @return the copies
     */
    public static List<SessionEvent> forkedEvents(List<SessionEvent> events, RewoundRanges rewound, long atSeq) {
        List<SessionEvent> copied = new ArrayList<>();
        for (SessionEvent event : events) {
            if (event.seq() <= atSeq && rewound.counts(event)) {
                copied.add(event.withSeq(copied.size() + 1));
            }
        }
        return copied;
    }
}
