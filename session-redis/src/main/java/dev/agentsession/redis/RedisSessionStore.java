package dev.agentsession.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.SessionSummary;
import dev.agentsession.StaleSessionException;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.AppendCommand;
import dev.agentsession.store.CreateCommand;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.PageCursor;
import dev.agentsession.store.RegisterWaitCommand;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.StateCommand;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A {@link SessionStore} and {@link WaitStore} on Redis (standalone or Cluster) through spring-data-redis.
 *
 * <p>Every write (create, append with its state delta and version check, state update, archive, delete) is
 * one Lua script: atomic, and one network round trip ({@code EVALSHA}). A read of a session with any event
 * window is one read script as well. Every key a script touches shares the app's hash tag (see
 * {@link RedisKeys}), so the store works unchanged on Redis Cluster; one app's data lives on one shard.
 *
 * <p>Events are a hash {@code seq -> JSON} beside a hash {@code id -> seq} (idempotence) and a sorted set of
 * seqs by timestamp, so {@code recent(n)}, {@code afterSeq} and paging read only the events they return.
 * Values are JSON written by the {@link SessionCodec}, never Java serialization.
 *
 * <p>Expiry: the store treats a session as absent once its {@code expiresAt} is not after the {@code now}
 * it is given, and sets a relative Redis expiry ({@code PEXPIRE expiresAt - now}) on all of the session's
 * keys on every write, so that Redis removes it. App and user state and the listing indexes do not expire;
 * index entries of sessions that are gone are removed when a listing meets them.
 *
 * <p>Waits live under the app's hash tag too, in one hash per user keyed by reply scope, so that
 * {@link #registerWait(RegisterWaitCommand)} saves the session's flow, advances its version and stores the
 * wait in one script, and {@link #claimWait(WaitKey, Instant)} reads, checks and removes a wait in one script:
 * of concurrent claims exactly one receives it. A wait counts only while it is unexpired and its session is
 * live and active; the scripts remove the dead waits they meet. Deleting or archiving a session removes its
 * waits in the same script.
 */
public final class RedisSessionStore implements SessionStore, WaitStore {

    private static final int BATCH = 500;

    private final RedisOperations redis;

    private final SessionCodec codec;

    private final RedisKeys keys;

    private final RedisScripts scripts = new RedisScripts();

    private final RedisScopedStore documents;

    /**
     * Creates a store in the default namespace {@value RedisKeys#DEFAULT_NAMESPACE}.
     * @param connectionFactory the connections, standalone or cluster
     * @param codec the JSON form of what is stored
     */
    public RedisSessionStore(RedisConnectionFactory connectionFactory, SessionCodec codec) {
        this(connectionFactory, codec, RedisKeys.DEFAULT_NAMESPACE);
    }

    /**
     * Creates a store.
     * @param connectionFactory the connections, standalone or cluster
     * @param codec the JSON form of what is stored
     * @param namespace the prefix of every key ({@code agent.session.redis.namespace}); no braces
     */
    public RedisSessionStore(RedisConnectionFactory connectionFactory, SessionCodec codec, String namespace) {
        this.redis = new RedisOperations(connectionFactory);
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.keys = new RedisKeys(namespace);
        this.documents = new RedisScopedStore(this.redis, this.scripts, this.keys, codec);
    }

    /**
     * The key layout of this store.
     * @return the keys
     */
    public RedisKeys keys() {
        return this.keys;
    }

    @Override
    public String type() {
        return "redis";
    }

    @Override
    public AgentSession create(CreateCommand command) {
        SessionRef ref = command.ref();
        List<String> args = new ArrayList<>();
        args.add(ScriptValues.micros(command.now()));
        ScriptValues.addExpiry(args, command.now(), command.expiresAt());
        args.add(this.codec.writeValue(command.metadata()));
        args.add(RedisKeys.indexMember(command.now(), ref.userId(), ref.sessionId()));
        args.add(RedisKeys.encode(ref.userId()));
        addChanges(args, command.state());
        List<?> reply = this.redis.script("create of " + ref, this.scripts.create, this.keys.sessionScriptKeys(ref),
                args);
        check(ref, reply, null);
        return snapshot(ref, reply);
    }

    @Override
    public Optional<AgentSession> find(SessionRef ref, EventWindow window, Instant now) {
        Objects.requireNonNull(ref, "ref must not be null");
        Objects.requireNonNull(window, "window must not be null");
        Instant after = window.after();
        List<?> reply = read(ref, now, true, window.includeEvents(), window.afterSeq(),
                window.recentCount().orElse(0), 0, after);
        if (status(reply) == ScriptReply.NOT_FOUND) {
            return Optional.empty();
        }
        return Optional.of(snapshot(ref, reply));
    }

    @Override
    public List<SessionEvent> events(SessionRef ref, long fromSeq, int limit, Instant now) {
        Objects.requireNonNull(ref, "ref must not be null");
        if (fromSeq < 1 || limit < 1) {
            throw new IllegalArgumentException("fromSeq and limit must be positive, were " + fromSeq + " and " + limit);
        }
        List<?> reply = read(ref, now, false, true, fromSeq - 1, 0, limit, null);
        if (status(reply) == ScriptReply.NOT_FOUND) {
            throw new SessionNotFoundException(ref);
        }
        return events(ref, reply.get(5));
    }

    @Override
    public AgentSession append(AppendCommand command) {
        SessionRef ref = command.ref();
        List<String> args = versionedWriteArgs(ref, command.now(), command.expiresAt(), command.expectedVersion());
        args.add(String.valueOf(command.events().size()));
        for (SessionEvent event : command.events()) {
            args.add(event.id());
            args.add(ScriptValues.micros(event.timestamp()));
            args.add(this.codec.writeEvent(event.withSeq(0)));
            addChanges(args, StateChanges.of(event.stateDelta()));
        }
        List<?> reply = this.redis.script("append to " + ref, this.scripts.append, this.keys.sessionScriptKeys(ref),
                args);
        check(ref, reply, command.expectedVersion());
        return snapshot(ref, reply);
    }

    @Override
    public AgentSession updateState(StateCommand command) {
        SessionRef ref = command.ref();
        List<String> args = versionedWriteArgs(ref, command.now(), command.expiresAt(), command.expectedVersion());
        addChanges(args, command.changes());
        List<?> reply = this.redis.script("state update of " + ref, this.scripts.updateState,
                this.keys.sessionScriptKeys(ref), args);
        check(ref, reply, command.expectedVersion());
        return snapshot(ref, reply);
    }

    @Override
    public List<SessionSummary> list(SessionQuery query, @Nullable PageCursor after, int limit, Instant now) {
        Objects.requireNonNull(query, "query must not be null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        String index = (query.userId() != null) ? this.keys.userIndex(query.tenant(), query.app(), query.userId())
                : this.keys.appIndex(query.tenant(), query.app());
        // Members sort as (updatedAt, user, session) ascending: a page is a reverse lexical range.
        String max = "+";
        if (after != null) {
            max = "(" + RedisKeys.indexMember(after.updatedAt(), after.userId(), after.sessionId());
        }
        if (query.updatedBefore() != null) {
            String before = "(" + RedisKeys.sortableMicros(ceilMicros(query.updatedBefore()));
            if (max.equals("+") || before.compareTo(max) < 0) {
                max = before;
            }
        }
        String min = (query.updatedAfter() != null)
                ? "[" + RedisKeys.sortableMicros(EpochMicros.of(query.updatedAfter()) + 1) : "-";
        String status = (query.status() == null) ? "" : SessionStatusCode.codeOf(query.status());
        List<?> rows = this.redis.script("listing of " + query.tenant() + "/" + query.app(), this.scripts.list,
                List.of(index), List.of(ScriptValues.micros(now), max, min, String.valueOf(limit), status,
                        this.keys.sessionPrefix(query.tenant(), query.app())));
        List<SessionSummary> page = new ArrayList<>(rows.size());
        for (Object row : rows) {
            List<?> fields = (List<?>) row;
            page.add(summary(query, (String) fields.get(0), StoredHash.of(fields.get(1))));
        }
        return page;
    }

    @Override
    public boolean archive(SessionRef ref, Instant now) {
        Objects.requireNonNull(ref, "ref must not be null");
        Long archived = this.redis.script("archive of " + ref, this.scripts.archive, this.keys.sessionScriptKeys(ref),
                List.of(ScriptValues.micros(now)));
        return archived == 1L;
    }

    @Override
    public int archiveInactive(Instant updatedBefore, Instant now) {
        Objects.requireNonNull(updatedBefore, "updatedBefore must not be null");
        String max = "(" + RedisKeys.sortableMicros(ceilMicros(updatedBefore));
        int archived = 0;
        for (String index : this.redis.scan("scan of app indexes", this.keys.appIndexPattern())) {
            String appPrefix = index.substring(0, index.length() - "ax".length());
            String prefix = appPrefix + "s:";
            String min = "-";
            while (true) {
                List<?> reply = this.redis.script("archiveInactive of " + index, this.scripts.archiveInactive,
                        List.of(index), List.of(ScriptValues.micros(now), min, max, String.valueOf(BATCH), prefix, appPrefix));
                archived += ((Long) reply.get(0)).intValue();
                String last = (String) reply.get(1);
                if (last.isEmpty()) {
                    break;
                }
                min = "(" + last;
            }
        }
        return archived;
    }

    @Override
    public boolean delete(SessionRef ref) {
        Objects.requireNonNull(ref, "ref must not be null");
        return this.redis.script("delete of " + ref, this.scripts.delete, this.keys.sessionScriptKeys(ref),
                List.of()) == 1L;
    }

    @Override
    public int deleteAll(String tenant, String app) {
        List<String> keys = List.of(this.keys.appIndex(tenant, app), this.keys.users(tenant, app),
                this.keys.appState(tenant, app));
        List<String> args = List.of(String.valueOf(BATCH), this.keys.appPrefix(tenant, app));
        int deleted = 0;
        while (true) {
            List<?> reply = this.redis.script("deleteAll of " + tenant + "/" + app, this.scripts.deleteAll, keys,
                    args);
            deleted += ((Long) reply.get(0)).intValue();
            if ((Long) reply.get(1) == 1L) {
                return deleted;
            }
        }
    }

    @Override
    public SessionWait registerWait(RegisterWaitCommand command) {
        Objects.requireNonNull(command, "command must not be null");
        SessionWait wait = command.sessionWait();
        SessionRef ref = wait.session();
        Instant now = wait.createdAt();
        List<String> args = new ArrayList<>();
        args.add(ScriptValues.micros(now));
        ScriptValues.addExpiry(args, now, command.sessionExpiresAt());
        args.add(RedisKeys.indexMember(now, ref.userId(), ref.sessionId()));
        args.add(this.codec.writeFlow(wait.flow()));
        args.add(RedisKeys.waitField(wait.scope()));
        args.add(waitValue(wait));
        args.add(String.valueOf(ScriptValues.ttlMillis(now, wait.expiresAt())));
        args.add(this.keys.sessionPrefix(ref.tenant(), ref.app()));
        args.add(RedisKeys.encode(ref.userId()));
        List<?> reply = this.redis.script("registerWait of " + ref, this.scripts.registerWait,
                this.keys.sessionScriptKeys(ref), args);
        check(ref, reply, null);
        return wait;
    }

    @Override
    public Optional<SessionWait> findWait(WaitKey key, Instant now) {
        return waitScript("findWait", key, now, false);
    }

    @Override
    public List<SessionWait> listWaits(String tenant, String app, String userId, Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        List<?> flat = this.redis.script("listWaits of " + tenant + "/" + app + "/" + userId, this.scripts.waitList,
                List.of(this.keys.waits(tenant, app, userId)), waitArgs(tenant, app, userId, now));
        List<SessionWait> waits = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            waits.add(readWait(tenant, app, userId, (String) flat.get(i), (String) flat.get(i + 1)));
        }
        waits.sort(Comparator.comparing(SessionWait::createdAt).thenComparing((wait) -> wait.session().sessionId())
            .thenComparing((wait) -> RedisKeys.waitField(wait.scope())));
        return waits;
    }

    @Override
    public boolean clearWait(WaitKey key, Instant now) {
        return waitScript("clearWait", key, now, true).isPresent();
    }

    @Override
    public Optional<SessionWait> claimWait(WaitKey key, Instant now) {
        return waitScript("claimWait", key, now, true);
    }

    @Override
    public ScopedStore documents() {
        return this.documents;
    }

    @Override
    public void ping() {
        this.redis.ping();
    }

    private List<?> read(SessionRef ref, Instant now, boolean withState, boolean includeEvents, long afterSeq,
            int recent, int first, @Nullable Instant after) {
        List<String> args = List.of(ScriptValues.micros(now), withState ? "state" : "events", includeEvents ? "1" : "0",
                String.valueOf(afterSeq), String.valueOf(recent), String.valueOf(first),
                (after != null) ? ScriptValues.micros(after) : "");
        return this.redis.script("read of " + ref, this.scripts.read, this.keys.sessionScriptKeys(ref), args);
    }

    /**
     * Runs the find-or-claim script: one {@code HGET}, the liveness check and, for a claim, the {@code HDEL},
     * atomically.
     */
    private Optional<SessionWait> waitScript(String what, WaitKey key, Instant now, boolean claim) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(now, "now must not be null");
        String field = RedisKeys.waitField(key.scope());
        List<String> args = new ArrayList<>(waitArgs(key.tenant(), key.app(), key.userId(), now));
        args.add(field);
        args.add(claim ? "1" : "0");
        List<?> reply = this.redis.script(what + " of " + key, this.scripts.waitFind,
                List.of(this.keys.waits(key.tenant(), key.app(), key.userId())), args);
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(readWait(key.tenant(), key.app(), key.userId(), field, (String) reply.get(0)));
    }

    private List<String> waitArgs(String tenant, String app, String userId, Instant now) {
        return List.of(ScriptValues.micros(now), this.keys.sessionPrefix(tenant, app), RedisKeys.encode(userId));
    }

    /**
     * The stored form of a wait: a header the scripts read (expiry, creation, owning session) and the JSON of
     * the flow and payload.
     */
    private String waitValue(SessionWait wait) {
        JsonNode payload = wait.payload();
        return ScriptValues.micros(wait.expiresAt()) + "|" + ScriptValues.micros(wait.createdAt()) + "|"
                + RedisKeys.encode(wait.session().sessionId()) + "|{\"flow\":" + this.codec.writeFlow(wait.flow())
                + ",\"payload\":" + ((payload != null) ? this.codec.writeValue(payload) : "null") + "}";
    }

    private SessionWait readWait(String tenant, String app, String userId, String field, String value) {
        String[] parts = value.split("\\|", 4);
        SessionRef ref = null;
        try {
            if (parts.length != 4) {
                throw new IllegalArgumentException("the wait header is incomplete");
            }
            ref = new SessionRef(tenant, app, userId, RedisKeys.decode(parts[2]));
            JsonNode json = this.codec.mapper().readTree(parts[3]);
            JsonNode flow = json.get("flow");
            if (flow == null || !flow.isObject()) {
                throw new IllegalArgumentException("the wait has no flow");
            }
            JsonNode payload = json.get("payload");
            return new SessionWait(ref, RedisKeys.replyScope(field), this.codec.readFlow(ref, flow.toString()),
                    (payload == null || payload.isNull()) ? null : payload, ScriptValues.instant(parts[1]), ScriptValues.instant(parts[0]));
        }
        catch (IllegalArgumentException | JacksonException ex) {
            throw new SessionDataCorruptedException(ref, "wait of user '" + userId + "' in " + tenant + "/" + app,
                    ex);
        }
    }

    private static ScriptReply status(List<?> reply) {
        return ScriptReply.of((Long) reply.get(0));
    }

    /**
     * Turns a script's status code into the domain exception it stands for.
     */
    private static void check(SessionRef ref, List<?> reply, @Nullable Long expectedVersion) {
        switch (status(reply)) {
            case OK -> {
            }
            case NOT_FOUND -> throw new SessionNotFoundException(ref);
            case ARCHIVED -> throw new SessionArchivedException(ref);
            case STALE -> throw new StaleSessionException(ref, Objects.requireNonNull(expectedVersion),
                    Long.parseLong((String) reply.get(1)));
            case EXISTS -> throw new SessionAlreadyExistsException(ref);
        }
    }

    private AgentSession snapshot(SessionRef ref, List<?> reply) {
        StoredHash meta = StoredHash.of(reply.get(1));
        Map<String, Object> session = values(ref, "state value", ScriptValues.pairs(reply.get(2)));
        Map<String, Object> user = values(ref, "user state value", ScriptValues.pairs(reply.get(3)));
        Map<String, Object> app = values(ref, "app state value", ScriptValues.pairs(reply.get(4)));
        List<SessionEvent> events = events(ref, reply.get(5));
        try {
            String flow = meta.get(SessionHashField.FLOW);
            FlowState flowState = (flow != null) ? this.codec.readFlow(ref, flow) : null;
            return new AgentSession(ref, SessionStatusCode.statusOf(meta.get(SessionHashField.STATUS)),
                    this.codec.readStringMap(ref, "metadata", meta.required(SessionHashField.METADATA)),
                    StateChanges.merge(app, user, session), flowState, events,
                    meta.requiredLong(SessionHashField.EVENT_COUNT), meta.requiredLong(SessionHashField.VERSION),
                    meta.requiredInstant(SessionHashField.CREATED_AT),
                    meta.requiredInstant(SessionHashField.UPDATED_AT),
                    meta.optionalInstant(SessionHashField.EXPIRES_AT));
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            throw new SessionDataCorruptedException(ref, "session record", ex);
        }
    }

    private SessionSummary summary(SessionQuery query, String member, StoredHash meta) {
        int dot = member.indexOf('.', 16);
        SessionRef ref = new SessionRef(query.tenant(), query.app(), RedisKeys.decode(member.substring(16, dot)),
                RedisKeys.decode(member.substring(dot + 1)));
        try {
            return new SessionSummary(ref, SessionStatusCode.statusOf(meta.get(SessionHashField.STATUS)),
                    this.codec.readStringMap(ref, "metadata", meta.required(SessionHashField.METADATA)),
                    meta.requiredLong(SessionHashField.EVENT_COUNT), meta.requiredLong(SessionHashField.VERSION),
                    meta.requiredInstant(SessionHashField.CREATED_AT),
                    meta.requiredInstant(SessionHashField.UPDATED_AT),
                    meta.optionalInstant(SessionHashField.EXPIRES_AT));
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            throw new SessionDataCorruptedException(ref, "session record", ex);
        }
    }

    private List<SessionEvent> events(SessionRef ref, Object flat) {
        List<?> list = (List<?>) flat;
        List<SessionEvent> events = new ArrayList<>(list.size() / 2);
        for (int i = 0; i < list.size(); i += 2) {
            String seq = (String) list.get(i);
            String json = (String) list.get(i + 1);
            String what = "event " + seq;
            if (json == null || json.isEmpty()) {
                throw new SessionDataCorruptedException(ref, what + " (missing)", null);
            }
            try {
                events.add(this.codec.readEvent(ref, json).withSeq(Long.parseLong(seq)));
            }
            catch (SessionDataCorruptedException ex) {
                throw new SessionDataCorruptedException(ref, what, ex.getCause());
            }
        }
        return events;
    }

    private Map<String, Object> values(SessionRef ref, String what, Map<String, String> json) {
        Map<String, Object> values = new LinkedHashMap<>(json.size());
        // normalize() makes nested maps and lists unmodifiable, as every snapshot must be.
        json.forEach((key, value) -> values.put(key,
                this.codec.normalize(key, this.codec.readValue(ref, what + " '" + key + "'", value))));
        return values;
    }



    private static long ceilMicros(Instant instant) {
        long micros = EpochMicros.of(instant);
        return (instant.getNano() % 1000 != 0) ? micros + 1 : micros;
    }

    /**
     * The arguments every versioned session write starts with: time, expiry, expected version (empty for
     * none) and the session's new listing index member.
     */
    private static List<String> versionedWriteArgs(SessionRef ref, Instant now, @Nullable Instant expiresAt,
            @Nullable Long expectedVersion) {
        List<String> args = new ArrayList<>();
        args.add(ScriptValues.micros(now));
        ScriptValues.addExpiry(args, now, expiresAt);
        args.add((expectedVersion != null) ? expectedVersion.toString() : "");
        args.add(RedisKeys.indexMember(now, ref.userId(), ref.sessionId()));
        return args;
    }

    /**
     * Adds the changes as a count followed by (scope, key, JSON or empty for a deletion) triples.
     */
    private void addChanges(List<String> args, StateChanges changes) {
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
}
