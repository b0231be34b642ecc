package dev.agentsession.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.agentsession.AgentSession;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSummary;
import dev.agentsession.flow.FlowState;
import dev.agentsession.history.Compaction;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;

import static dev.agentsession.redis.SessionHashField.CREATED_AT;
import static dev.agentsession.redis.SessionHashField.EVENT_COUNT;
import static dev.agentsession.redis.SessionHashField.EXPIRES_AT;
import static dev.agentsession.redis.SessionHashField.FLOW;
import static dev.agentsession.redis.SessionHashField.METADATA;
import static dev.agentsession.redis.SessionHashField.STATUS;
import static dev.agentsession.redis.SessionHashField.UPDATED_AT;
import static dev.agentsession.redis.SessionHashField.VERSION;

/**
 * Turns sessions, events and state changes into the values the session scripts store, and the scripts'
 * replies back into model objects. Anything stored that cannot be read raises
 * {@link SessionDataCorruptedException} naming the session.
 *
 * <p>A session reply is {@code { status, session hash, session state, user state, app state, events }}, each
 * hash as a flat field/value list and the events as a flat seq/JSON list.
 */
final class RedisSessionMapper {

    private final SessionCodec codec;

    RedisSessionMapper(SessionCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
    }

    /**
     * The stored form of a session's metadata.
     */
    String metadata(Map<String, String> metadata) {
        return this.codec.writeValue(metadata);
    }

    /**
     * The arguments of a script that creates a session ({@code create_session} in {@code session-common.lua}).
     * @param initialState the session-scope state given at creation, kept for rewinds and forks
     * @param state the state to apply
     */
    List<String> createArgs(SessionRef ref, Instant now, @Nullable Instant expiresAt, Map<String, String> metadata,
            Map<String, Object> initialState, StateChanges state) {
        List<String> args = new ArrayList<>();
        args.add(ScriptValues.micros(now));
        ScriptValues.addExpiry(args, now, expiresAt);
        args.add(metadata(metadata));
        args.add(RedisKeys.indexMember(now, ref.userId(), ref.sessionId()));
        args.add(RedisKeys.encode(ref.userId()));
        args.add(this.codec.writeValue(initialState));
        addChanges(args, state);
        addMetadataSuffixes(args, metadata);
        return args;
    }

    /**
     * Adds a new session's metadata index suffixes as the create script takes them: a count followed by
     * (key, suffix) pairs.
     */
    void addMetadataSuffixes(List<String> args, Map<String, String> metadata) {
        args.add(String.valueOf(metadata.size()));
        metadata.forEach((key, value) -> {
            args.add(key);
            args.add(RedisKeys.metadataSuffix(key, value));
        });
    }

    /**
     * Adds metadata changes as the update script takes them: a count followed by (key, suffix, value) triples, the
     * suffix and value empty for a key to remove.
     */
    void addMetadataChanges(List<String> args, Map<String, @Nullable String> changes) {
        args.add(String.valueOf(changes.size()));
        changes.forEach((key, value) -> {
            args.add(key);
            args.add((value != null) ? RedisKeys.metadataSuffix(key, value) : "");
            args.add((value != null) ? value : "");
        });
    }

    /**
     * Adds an event as the append script takes it: id, timestamp, JSON (without its seq, which the script
     * assigns), then its state delta as {@link #addChanges changes}.
     */
    void addEvent(List<String> args, SessionEvent event) {
        args.add(event.id());
        args.add(ScriptValues.micros(event.timestamp()));
        args.add(this.codec.writeEvent(event.withSeq(0)));
        addChanges(args, StateChanges.of(event.stateDelta()));
    }

    /**
     * Adds the events of an append as the append script takes them: their number, each event, then the position of
     * the last {@code COMPACTION} event among them (0 for none), whose seq the script records.
     */
    void addAppendedEvents(List<String> args, List<SessionEvent> events) {
        args.add(String.valueOf(events.size()));
        int compaction = 0;
        for (int i = 0; i < events.size(); i++) {
            addEvent(args, events.get(i));
            if (events.get(i).type() == EventType.COMPACTION) {
                compaction = i + 1;
            }
        }
        args.add(String.valueOf(compaction));
    }

    /**
     * The session a read script returned for a window: for a {@code context()} window the script puts the latest
     * {@code COMPACTION} event first and reads one event more for a recent count.
     */
    AgentSession session(SessionRef ref, List<?> reply, EventWindow window) {
        AgentSession session = session(ref, reply);
        List<SessionEvent> events = session.events();
        if (window.fromCompaction() && !events.isEmpty() && events.get(0).type() == EventType.COMPACTION) {
            return session.withEvents(Compaction.context(events.get(0), events.subList(1, events.size()), window));
        }
        return session;
    }

    /**
     * Adds state changes as a count followed by (scope, key, JSON or empty for a deletion) triples.
     */
    void addChanges(List<String> args, StateChanges changes) {
        args.add(String.valueOf(changes.session().size() + changes.user().size() + changes.app().size()));
        addScope(args, StateScopeCode.SESSION, changes.session());
        addScope(args, StateScopeCode.USER, changes.user());
        addScope(args, StateScopeCode.APP, changes.app());
    }

    private void addScope(List<String> args, StateScopeCode scope, Map<String, @Nullable Object> changes) {
        changes.forEach((key, value) -> {
            args.add(scope.code());
            args.add(key);
            args.add((value != null) ? this.codec.writeValue(value) : "");
        });
    }

    /**
     * The session of a session reply, with its state merged over the scopes and the events the reply holds.
     */
    AgentSession session(SessionRef ref, List<?> reply) {
        StoredHash meta = StoredHash.of(reply.get(1));
        Map<String, Object> session = values(ref, "state value", reply.get(2));
        Map<String, Object> user = values(ref, "user state value", reply.get(3));
        Map<String, Object> app = values(ref, "app state value", reply.get(4));
        List<SessionEvent> events = events(ref, reply);
        try {
            String flow = meta.get(FLOW);
            FlowState flowState = (flow != null) ? this.codec.readFlow(ref, flow) : null;
            return new AgentSession(ref, SessionStatusCode.statusOf(meta.get(STATUS)), metadata(ref, meta),
                    StateChanges.merge(app, user, session), flowState, events, meta.requiredLong(EVENT_COUNT),
                    meta.requiredLong(VERSION), meta.requiredInstant(CREATED_AT), meta.requiredInstant(UPDATED_AT),
                    meta.optionalInstant(EXPIRES_AT));
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            throw new SessionDataCorruptedException(ref, "session record", ex);
        }
    }

    /**
     * The summary of a session from the fields of its hash that a listing returns.
     */
    SessionSummary summary(SessionRef ref, StoredHash meta) {
        try {
            return new SessionSummary(ref, SessionStatusCode.statusOf(meta.get(STATUS)), metadata(ref, meta),
                    meta.requiredLong(EVENT_COUNT), meta.requiredLong(VERSION), meta.requiredInstant(CREATED_AT),
                    meta.requiredInstant(UPDATED_AT), meta.optionalInstant(EXPIRES_AT));
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            throw new SessionDataCorruptedException(ref, "session record", ex);
        }
    }

    /**
     * The events of a session reply, each with the seq it is stored under.
     */
    List<SessionEvent> events(SessionRef ref, List<?> reply) {
        List<?> flat = (List<?>) reply.get(5);
        List<SessionEvent> events = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            events.add(event(ref, (String) flat.get(i), (String) flat.get(i + 1)));
        }
        return events;
    }

    /**
     * One event as a script returns it: the seq it is stored under and its JSON.
     */
    SessionEvent event(SessionRef ref, String seq, @Nullable String json) {
        String what = "event " + seq;
        if (json == null || json.isEmpty()) {
            throw new SessionDataCorruptedException(ref, what + " (missing)", null);
        }
        try {
            return this.codec.readEvent(ref, json).withSeq(Long.parseLong(seq));
        }
        catch (SessionDataCorruptedException ex) {
            throw new SessionDataCorruptedException(ref, what, ex.getCause());
        }
    }

    private Map<String, String> metadata(SessionRef ref, StoredHash meta) {
        return this.codec.readStringMap(ref, "metadata", meta.required(METADATA));
    }

    /**
     * The values of a state hash ({@code key -> JSON}).
     */
    private Map<String, Object> values(SessionRef ref, String what, Object flat) {
        Map<String, Object> values = new LinkedHashMap<>();
        // normalize() makes nested maps and lists unmodifiable, as every snapshot must be.
        ScriptValues.pairs(flat).forEach((key, value) -> values.put(key,
                this.codec.normalize(key, this.codec.readValue(ref, what + " '" + key + "'", value))));
        return values;
    }
}
