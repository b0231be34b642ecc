package dev.agentsession.redis;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.agentsession.AgentSession;
import dev.agentsession.EventType;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.StaleSessionException;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.ForkCommand;
import dev.agentsession.store.HistoryReplay;
import dev.agentsession.store.RewindCommand;
import dev.agentsession.store.RewoundRanges;
import dev.agentsession.store.SessionCodec;

import static dev.agentsession.redis.SessionHashField.FIRST_SEQ;
import static dev.agentsession.redis.SessionHashField.INITIAL_STATE;
import static dev.agentsession.redis.SessionHashField.REWOUND;

/**
 * Rewind and fork on Redis. The rebuild replays event deltas in Java (the codec keeps every digit of a number, which
 * Lua's JSON would not), so each operation reads the session and its log up to the point with the read script, then
 * writes with one script that stores nothing unless the session is still at the version read: the rebuilt state
 * always matches the log it came from. Without an expected version, a write that lost that race reads again.
 *
 * <p>A fork's new session has the source's tenant, app and user, so its keys share the source's app hash tag (see
 * {@link RedisKeys}): the fork script checks the source's version and writes the whole new session, events included,
 * in one slot, on Redis Cluster too. A half-written fork is never visible.
 */
final class RedisHistory {

    /**
     * Reads a session with the raw log up to a sequence number (none for 0) and the state, as the read script
     * replies.
     */
    @FunctionalInterface
    interface LogReader {

        List<?> read(SessionRef ref, Instant now, long toSeq);
    }

    private final RedisOperations redis;

    private final RedisScripts scripts;

    private final RedisKeys keys;

    private final RedisSessionMapper mapper;

    private final SessionCodec codec;

    private final LogReader log;

    RedisHistory(RedisOperations redis, RedisScripts scripts, RedisKeys keys, RedisSessionMapper mapper,
            SessionCodec codec, LogReader log) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.mapper = mapper;
        this.codec = codec;
        this.log = log;
    }

    AgentSession rewind(RewindCommand command) {
        SessionRef ref = command.ref();
        while (true) {
            Read read = read(ref, command.now(), command.toSeq());
            AgentSession current = read.session();
            if (current.status() == SessionStatus.ARCHIVED) {
                throw new SessionArchivedException(ref);
            }
            Long expected = command.expectedVersion();
            if (expected != null && expected != current.version()) {
                throw new StaleSessionException(ref, expected, current.version());
            }
            HistoryReplay.requirePoint("toSeq", command.toSeq(), current.eventCount(), read.rewound());
            HistoryReplay.requireKept(ref, "toSeq", command.toSeq(), read.firstSeq());
            Map<String, Object> rebuilt = HistoryReplay.sessionState(read.initialState(), current.events(),
                    read.rewound(), command.toSeq());
            SessionEvent marker = command.marker().withSeq(current.eventCount() + 1);
            List<String> args = RedisSessionStore.versionedWriteArgs(ref, command.now(), command.expiresAt(),
                    current.version());
            addEvent(args, marker);
            args.add(read.rewound().rewind(command.toSeq(), marker.seq()).toJson());
            this.mapper.addChanges(args, HistoryReplay.replacing(current.state(), rebuilt));
            args.add(String.valueOf(read.firstSeq()));
            args.add(ScriptValues.fencingToken(command.fencingToken()));
            List<?> reply = this.redis.script("rewind of " + ref, this.scripts.rewind, this.keys.sessionScriptKeys(ref),
                    args);
            if (ScriptReply.of(reply) != ScriptReply.STALE || expected != null) {
                ScriptReply.check(ref, reply, current.version());
                return this.mapper.session(ref, reply);
            }
            // Another write came between the read and this one: rebuild from what it left.
        }
    }

    AgentSession fork(ForkCommand command) {
        SessionRef source = command.source();
        SessionRef target = command.target();
        while (true) {
            Read read = read(source, command.now(), command.atSeq());
            AgentSession current = read.session();
            HistoryReplay.requirePoint("atSeq", command.atSeq(), current.eventCount(), read.rewound());
            HistoryReplay.requireKept(source, "atSeq", command.atSeq(), read.firstSeq());
            List<SessionEvent> copies = HistoryReplay.forkedEvents(current.events(), read.rewound(), command.atSeq());
            StateChanges state = new StateChanges(HistoryReplay.sessionState(read.initialState(), current.events(),
                    read.rewound(), command.atSeq()), Map.of(), Map.of());
            List<String> args = this.mapper.createArgs(target, command.now(), command.expiresAt(), current.metadata(),
                    read.initialState(), state);
            args.add(String.valueOf(current.version()));
            args.add(String.valueOf(copies.size()));
            copies.forEach((event) -> addEvent(args, event));
            args.add(String.valueOf(copies.stream()
                .filter((event) -> event.type() == EventType.COMPACTION)
                .mapToLong(SessionEvent::seq)
                .max()
                .orElse(0)));
            List<?> reply = this.redis.script("fork of " + source, this.scripts.fork,
                    this.keys.forkScriptKeys(source, target), args);
            if (ScriptReply.of(reply) != ScriptReply.STALE) {
                ScriptReply.check(target, reply, null);
                return this.mapper.session(target, reply);
            }
            // The source was written between the read and the fork: copy what it holds now.
        }
    }

    /**
     * Adds an event as the rewind and fork scripts take it: id, timestamp, JSON without its seq.
     */
    private void addEvent(List<String> args, SessionEvent event) {
        args.add(event.id());
        args.add(ScriptValues.micros(event.timestamp()));
        args.add(this.codec.writeEvent(event.withSeq(0)));
    }

    private Read read(SessionRef ref, Instant now, long toSeq) {
        List<?> reply = this.log.read(ref, now, toSeq);
        if (ScriptReply.of(reply) == ScriptReply.NOT_FOUND) {
            throw new SessionNotFoundException(ref);
        }
        AgentSession session = this.mapper.session(ref, reply);
        StoredHash meta = StoredHash.of(reply.get(1));
        String initial = meta.get(INITIAL_STATE);
        String firstSeq = meta.get(FIRST_SEQ);
        try {
            return new Read(session, RewoundRanges.parse(meta.get(REWOUND)),
                    (initial != null) ? this.codec.readObject(ref, "initial state", initial) : Map.of(),
                    (firstSeq != null) ? Long.parseLong(firstSeq) : 1);
        }
        catch (IllegalArgumentException ex) {
            throw new SessionDataCorruptedException(ref, "rewound ranges", null);
        }
    }

    /**
     * A session as read for a rewind or fork: its log up to the point in {@code session.events()}, from its first
     * stored event ({@code firstSeq}) on; the initial state is the state after the last removed event, if any.
     */
    private record Read(AgentSession session, RewoundRanges rewound, Map<String, Object> initialState,
            long firstSeq) {
    }
}
