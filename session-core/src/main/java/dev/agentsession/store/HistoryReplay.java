package dev.agentsession.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentsession.EventType;
import dev.agentsession.EventsRemovedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.agentsession.history.Compaction;
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
     * Checks that the state after {@code seq} can be rebuilt once history retention removed the first events: the
     * initial state a store keeps is then the state after the last removed event ({@code firstSeq - 1}), so a rewind
     * or fork may name that event or a later one.
     * @param ref the session
     * @param what {@code toSeq} or {@code atSeq}, for the message
     * @param seq the point
     * @param firstSeq the first event the session still stores
     * @throws EventsRemovedException if {@code seq} is before {@code firstSeq - 1}
     */
    public static void requireKept(SessionRef ref, String what, long seq, long firstSeq) {
        if (seq < firstSeq - 1) {
            throw EventsRemovedException.beforePoint(ref, what, seq, firstSeq);
        }
    }

    /**
     * The session-scope state after event {@code toSeq}: the initial state with the session-scope part of the
     * delta of every effective event up to {@code toSeq} applied in order. {@code user:} and {@code app:} keys are
     * shared with other sessions and are not rebuilt; changes made by {@code updateState} are not in the log and
     * so are not replayed.
     * @param initial the session-scope state the session was created with, or after the last event history retention
     * removed
     * @param events the log from its first stored event on, oldest first (events after {@code toSeq} are ignored)
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
     * ids, content, deltas and timestamps kept. A {@code COMPACTION} event's range and previous compaction are
     * numbered again too ({@link Compaction#renumbered}), so that the fork's {@code context()} reads its summary and
     * the events after its range.
     * @param events the log from its first stored event on, oldest first
     * @param rewound the source's rewound ranges
     * @param atSeq the last event copied
     * @return the copies
     */
    public static List<SessionEvent> forkedEvents(List<SessionEvent> events, RewoundRanges rewound, long atSeq) {
        List<SessionEvent> copied = new ArrayList<>();
        // The source seq of each copy, ascending: a copy's new seq is its index + 1.
        List<Long> sources = new ArrayList<>();
        Map<Long, Compaction> compactions = new HashMap<>();
        for (SessionEvent event : events) {
            if (event.seq() > atSeq) {
                break;
            }
            if (event.type() == EventType.COMPACTION) {
                compactions.put(event.seq(), Compaction.of(event));
            }
            if (rewound.counts(event)) {
                SessionEvent copy = event.withSeq(copied.size() + 1);
                if (event.type() == EventType.COMPACTION) {
                    Compaction source = compactions.get(event.seq());
                    long previous = source.previousSeq();
                    // A previous compaction a rewind took out or retention removed is not copied: the one it names
                    // stands in for it.
                    while (previous > 0 && (!compactions.containsKey(previous) || !copiedSeq(sources, previous))) {
                        Compaction earlier = compactions.get(previous);
                        previous = (earlier != null) ? earlier.previousSeq() : 0;
                    }
                    copy = source.renumbered(copy, copiedUpTo(sources, source.fromSeq() - 1) + 1,
                            copiedUpTo(sources, source.toSeq()), copiedUpTo(sources, previous));
                }
                copied.add(copy);
                sources.add(event.seq());
            }
        }
        return copied;
    }

    /** How many copies come from source events up to {@code seq}: the new seq of the last of them. */
    private static long copiedUpTo(List<Long> sources, long seq) {
        int found = Collections.binarySearch(sources, seq);
        return (found >= 0) ? found + 1 : -found - 1;
    }

    private static boolean copiedSeq(List<Long> sources, long seq) {
        return Collections.binarySearch(sources, seq) >= 0;
    }
}
