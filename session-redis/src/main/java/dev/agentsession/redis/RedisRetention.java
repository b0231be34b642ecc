package dev.agentsession.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.agentsession.store.HistoryReplay;
import dev.agentsession.store.RewoundRanges;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.UnreadableRecords;

/**
 * History retention on Redis: one script per batch of an app's sessions (found through the app indexes, by a
 * {@code SCAN} of every master) plans which compacted events are old enough, reading them with the session's initial
 * state and rewound ranges; the store rebuilds the session-scope state after the last of them in Java (the values stay
 * exact: no JSON is decoded and encoded again in Lua) and a script per session removes them and records that state as
 * the session's initial state, if the session is still at the version and first event the plan read.
 */
final class RedisRetention {

    private final RedisOperations redis;

    private final RedisScripts scripts;

    private final RedisKeys keys;

    private final SessionCodec codec;

    private final UnreadableRecords unreadable;

    RedisRetention(RedisOperations redis, RedisScripts scripts, RedisKeys keys, SessionCodec codec,
            UnreadableRecords unreadable) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.codec = codec;
        this.unreadable = unreadable;
    }

    /**
     * Removes the compacted events older than {@code keepFrom} of every live session.
     * @param keepFrom the first microsecond an event may have and be kept
     * @param batchSize how many events a script plans at most
     * @param now the time that decides which sessions are live
     * @return how many events were removed
     */
    long removeCompacted(long keepFrom, int batchSize, Instant now) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        long removed = 0;
        for (String index : this.redis.scan("scan of app indexes", this.keys.appIndexPattern())) {
            String prefix = index.substring(0, index.length() - "ax".length()) + "s:";
            String min = "-";
            while (!min.isEmpty()) {
                List<?> reply = this.redis.script("removeCompactedEvents of " + index, this.scripts.removeCompacted,
                        List.of(index), List.of(ScriptValues.micros(now), min, String.valueOf(batchSize), prefix,
                                String.valueOf(keepFrom)));
                long step = 0;
                int i = 1;
                while (i < reply.size()) {
                    String member = (String) reply.get(i);
                    long first = Long.parseLong((String) reply.get(i + 2));
                    long last = Long.parseLong((String) reply.get(i + 3));
                    int count = (int) (last - first + 1);
                    step += retain(RedisKeys.indexedSession(index, member), reply.subList(i + 1, i + 7 + count),
                            first, last);
                    i += 7 + count;
                }
                removed += step;
                String next = (String) reply.get(0);
                // A session the plan stopped in comes again; when nothing could be removed, move past it.
                min = (step == 0 && next.startsWith("[")) ? "(" + next.substring(1) : next;
            }
        }
        return removed;
    }

    private static RewoundRanges rewound(SessionRef ref, String json) {
        try {
            return RewoundRanges.parse(json.isEmpty() ? null : json);
        }
        catch (IllegalArgumentException ex) {
            throw new SessionDataCorruptedException(ref, "rewound ranges", null);
        }
    }

    /**
     * Removes one session's planned events: base key, first, last, version, initial state, rewound ranges, events.
     */
    private long retain(SessionRef ref, List<?> plan, long first, long last) {
        try {
            String initial = (String) plan.get(4);
            Map<String, Object> state = initial.isEmpty() ? Map.of()
                    : this.codec.readObject(ref, "initial state", initial);
            String rewound = (String) plan.get(5);
            List<SessionEvent> removed = new ArrayList<>();
            for (long seq = first; seq <= last; seq++) {
                removed.add(this.codec.readEvent(ref, (String) plan.get((int) (6 + seq - first))).withSeq(seq));
            }
            Map<String, Object> base = HistoryReplay.sessionState(state, removed, rewound(ref, rewound), last);
            String key = (String) plan.get(0);
            Long count = this.redis.script("retention of " + ref, this.scripts.retain, List.of(key + ":m"),
                    List.of(key, (String) plan.get(3), String.valueOf(first), String.valueOf(last),
                            this.codec.writeValue(base)));
            return (count != null) ? count : 0;
        }
        catch (SessionDataCorruptedException ex) {
            // A session whose state or events cannot be read keeps its events: its state could not be rebuilt.
            this.unreadable.skipped("remove compacted events", ex);
            return 0;
        }
    }
}
