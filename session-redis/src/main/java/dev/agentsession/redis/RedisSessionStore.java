package dev.agentsession.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.store.UnreadableRecords;
import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.EventsRemovedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSummary;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.store.AppendCommand;
import dev.agentsession.store.ClaimWaitCommand;
import dev.agentsession.store.CreateCommand;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.FlowCommand;
import dev.agentsession.store.ForkCommand;
import dev.agentsession.store.HistoryReplay;
import dev.agentsession.store.HistoryRetention;
import dev.agentsession.store.LeaseStore;
import dev.agentsession.store.MetadataCommand;
import dev.agentsession.store.PageCursor;
import dev.agentsession.store.RegisterWaitCommand;
import dev.agentsession.store.RewindCommand;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.StateCommand;
import dev.agentsession.store.UserDataStore;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A {@link SessionStore}, {@link WaitStore} and {@link UserDataStore} on Redis (standalone or Cluster) through
 * spring-data-redis.
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
 * <p>Waits live under the app's hash tag too: registering one saves the session's flow and stores the wait in
 * one script, and of concurrent claims of a wait exactly one receives it. Deleting or archiving a session
 * removes its waits in the same script.
 *
 * <p>A session's run lease is three fields of its hash ({@link RedisLeases}); every write script, and every claim of a
 * wait, checks them in the same script, so a lease costs no extra round trip.
 *
 * <p>Metadata stays a JSON field of the session's hash; each key and value also has a listing index of its own,
 * which every write script moves the session in, as it does in the app and user indexes, so that a listing filtered
 * by one key = value costs its page. {@link #clearAll()} unlinks every key of the store's namespace but the auth
 * sessions'; it never flushes the database.
 */
public final class RedisSessionStore implements SessionStore, WaitStore, UserDataStore, LeaseStore, HistoryRetention {

    private static final int BATCH = 500;

    private final RedisOperations redis;

    private final RedisKeys keys;

    private final RedisScripts scripts = new RedisScripts();

    private final RedisSessionMapper mapper;

    private final SessionCodec codec;

    private final RedisWaitStore waits;

    private final RedisUserData users;

    private final RedisScopedStore documents;

    private final RedisLeases leases;

    private final UnreadableRecords unreadable = new UnreadableRecords();

    private final RedisRetention retention;

    private final RedisHistory history;

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
        Objects.requireNonNull(codec, "codec must not be null");
        this.redis = new RedisOperations(connectionFactory);
        this.keys = new RedisKeys(namespace);
        this.codec = codec;
        this.mapper = new RedisSessionMapper(codec);
        RedisWaitMapper waitMapper = new RedisWaitMapper(codec);
        this.waits = new RedisWaitStore(this.redis, this.scripts, this.keys, waitMapper, this.unreadable);
        this.users = new RedisUserData(this.redis, this.scripts, this.keys, codec, waitMapper);
        this.documents = new RedisScopedStore(this.redis, this.scripts, this.keys, codec);
        this.history = new RedisHistory(this.redis, this.scripts, this.keys, this.mapper, codec,
                (ref, now, toSeq) -> read(ref, now, true, toSeq > 0, 0, 0, (int) Math.min(toSeq, Integer.MAX_VALUE),
                        null, false, false));
        this.leases = new RedisLeases(this.redis, this.scripts, this.keys, this.mapper);
        this.retention = new RedisRetention(this.redis, this.scripts, this.keys, codec, this.unreadable);
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
        List<String> args = this.mapper.createArgs(ref, command.now(), command.expiresAt(), command.metadata(),
                HistoryReplay.initialState(command.state()), command.state());
        return write("create of " + ref, this.scripts.create, ref, args, null);
    }

    @Override
    public Optional<AgentSession> find(SessionRef ref, EventWindow window, Instant now) {
        Objects.requireNonNull(ref, "ref must not be null");
        Objects.requireNonNull(window, "window must not be null");
        List<?> reply = read(ref, now, true, window.includeEvents(), window.afterSeq(),
                window.recentCount().orElse(0), 0, window.after(), true, window.fromCompaction());
        if (ScriptReply.of(reply) == ScriptReply.NOT_FOUND) {
            return Optional.empty();
        }
        return Optional.of(this.mapper.session(ref, reply, window));
    }

    @Override
    public List<SessionEvent> events(SessionRef ref, long fromSeq, int limit, Instant now) {
        Objects.requireNonNull(ref, "ref must not be null");
        if (fromSeq < 1 || limit < 1) {
            throw new IllegalArgumentException("fromSeq and limit must be positive, were " + fromSeq + " and " + limit);
        }
        List<?> reply = read(ref, now, false, true, fromSeq - 1, 0, limit, null, false, false);
        if (ScriptReply.of(reply) == ScriptReply.NOT_FOUND) {
            throw new SessionNotFoundException(ref);
        }
        String firstSeq = StoredHash.of(reply.get(1)).get(SessionHashField.FIRST_SEQ);
        if (firstSeq != null && fromSeq < Long.parseLong(firstSeq)) {
            throw new EventsRemovedException(ref, fromSeq, Long.parseLong(firstSeq));
        }
        return this.mapper.events(ref, reply);
    }

    @Override
    public AgentSession append(AppendCommand command) {
        SessionRef ref = command.ref();
        List<String> args = versionedWriteArgs(ref, command.now(), command.expiresAt(), command.expectedVersion());
        this.mapper.addAppendedEvents(args, command.events());
        args.add(ScriptValues.fencingToken(command.fencingToken()));
        return write("append to " + ref, this.scripts.append, ref, args, command.expectedVersion());
    }

    @Override
    public AgentSession updateState(StateCommand command) {
        SessionRef ref = command.ref();
        List<String> args = versionedWriteArgs(ref, command.now(), command.expiresAt(), command.expectedVersion());
        this.mapper.addChanges(args, command.changes());
        args.add(ScriptValues.fencingToken(command.fencingToken()));
        return write("state update of " + ref, this.scripts.updateState, ref, args, command.expectedVersion());
    }

    @Override
    public AgentSession rewind(RewindCommand command) {
        return this.history.rewind(command);
    }

    @Override
    public AgentSession fork(ForkCommand command) {
        return this.history.fork(command);
    }

    @Override
    public AgentSession updateFlow(FlowCommand command) {
        SessionRef ref = command.ref();
        List<String> args = versionedWriteArgs(ref, command.now(), command.expiresAt(), command.expectedVersion());
        args.add((command.flow() != null) ? this.codec.writeFlow(command.flow()) : "");
        args.add(ScriptValues.fencingToken(command.fencingToken()));
        return write("flow update of " + ref, this.scripts.updateFlow, ref, args, command.expectedVersion());
    }

    @Override
    public AgentSession updateMetadata(MetadataCommand command) {
        SessionRef ref = command.ref();
        List<String> args = versionedWriteArgs(ref, command.now(), command.expiresAt(), command.expectedVersion());
        this.mapper.addMetadataChanges(args, command.changes());
        args.add(ScriptValues.fencingToken(command.fencingToken()));
        return write("metadata update of " + ref, this.scripts.updateMetadata, ref, args,
                command.expectedVersion());
    }

    @Override
    public List<SessionSummary> list(SessionQuery query, @Nullable PageCursor after, int limit, Instant now) {
        Objects.requireNonNull(query, "query must not be null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        // A metadata index holds every user's sessions: the script then filters on the user, if one is asked for.
        String index;
        String user = "";
        if (query.metadataKey() != null && query.metadataValue() != null) {
            index = this.keys.metadataIndex(query.tenant(), query.app(), query.metadataKey(), query.metadataValue());
            user = (query.userId() != null) ? RedisKeys.encode(query.userId()) : "";
        }
        else {
            index = (query.userId() != null) ? this.keys.userIndex(query.tenant(), query.app(), query.userId())
                    : this.keys.appIndex(query.tenant(), query.app());
        }
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
        String status = (query.status() != null) ? SessionStatusCode.codeOf(query.status()) : "";
        List<SessionSummary> page = new ArrayList<>(limit);
        while (true) {
            int wanted = limit - page.size();
            List<?> rows = this.redis.script("listing of " + query.tenant() + "/" + query.app(), this.scripts.list,
                    List.of(index), List.of(ScriptValues.micros(now), max, min, String.valueOf(wanted), status,
                            this.keys.sessionPrefix(query.tenant(), query.app()), user));
            String last = null;
            for (Object row : rows) {
                List<?> entry = (List<?>) row;
                last = (String) entry.get(0);
                SessionRef ref = RedisKeys.indexedSession(query.tenant(), query.app(), last);
                try {
                    page.add(this.mapper.summary(ref, StoredHash.of(entry.get(1))));
                }
                catch (SessionDataCorruptedException ex) {
                    this.unreadable.skipped("list sessions", ex);
                }
            }
            // A skipped session leaves the page short: it is filled from the sessions after the last one seen.
            if (rows.size() < wanted || page.size() >= limit) {
                return page;
            }
            max = "(" + last;
        }
    }

    @Override
    public boolean archive(SessionRef ref, Instant now) {
        return archive(ref, now, null);
    }

    @Override
    public boolean archive(SessionRef ref, Instant now, @Nullable Long fencingToken) {
        Objects.requireNonNull(ref, "ref must not be null");
        List<?> reply = this.redis.script("archive of " + ref, this.scripts.archive, this.keys.sessionScriptKeys(ref),
                List.of(ScriptValues.micros(now), ScriptValues.fencingToken(fencingToken)));
        long archived = (Long) reply.get(0);
        if (archived == ScriptReply.LEASED.code()) {
            throw ScriptReply.leased(ref, reply);
        }
        if (archived == -1L) {
            throw new SessionDataCorruptedException(ref, "session record", null);
        }
        return archived == 1L;
    }

    /**
     * {@inheritDoc}
     * <p>See {@link RedisRetention}.
     */
    @Override
    public long removeCompactedEvents(Instant removeBefore, int batchSize, Instant now) {
        Objects.requireNonNull(removeBefore, "removeBefore must not be null");
        return this.retention.removeCompacted(ceilMicros(removeBefore), batchSize, now);
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
                        List.of(index), List.of(ScriptValues.micros(now), min, max, String.valueOf(BATCH), prefix,
                                appPrefix));
                archived += ((Long) reply.get(0)).intValue();
                for (Object skipped : (List<?>) reply.get(2)) {
                    this.unreadable.skipped("archive inactive sessions", new SessionDataCorruptedException(null,
                            "expiry or version of the session indexed as '" + skipped + "' in " + index, null));
                }
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
                this.keys.appState(tenant, app), this.keys.metadataSuffixes(tenant, app));
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

    /**
     * Unlinks every key of the namespace (scanned on every master of a cluster) except the auth sessions' keys, a
     * batch at a time; not atomic, so writes that run meanwhile may leave keys behind.
     */
    @Override
    public void clearAll() {
        String auth = new RedisAuthKeys(this.keys).prefix();
        this.redis.deleteMatching("clearAll of " + this.keys.namespace(), this.keys.namespacePattern(),
                (key) -> key.startsWith(auth));
    }

    @Override
    public SessionWait registerWait(RegisterWaitCommand command) {
        return this.waits.registerWait(command);
    }

    @Override
    public Optional<SessionWait> findWait(WaitKey key, Instant now) {
        return this.waits.findWait(key, now);
    }

    @Override
    public List<SessionWait> listWaits(String tenant, String app, String userId, Instant now) {
        return this.waits.listWaits(tenant, app, userId, now);
    }

    @Override
    public boolean clearWait(WaitKey key, Instant now) {
        return this.waits.clearWait(key, now);
    }

    @Override
    public Optional<SessionWait> claimWait(ClaimWaitCommand command) {
        return this.waits.claimWait(command);
    }

    @Override
    public SessionLease acquireLease(SessionRef ref, String owner, Instant now, Instant expiresAt) {
        return this.leases.acquire(ref, owner, now, expiresAt);
    }

    @Override
    public SessionLease renewLease(SessionLease lease, Instant now, Instant expiresAt) {
        return this.leases.renew(lease, now, expiresAt);
    }

    @Override
    public boolean releaseLease(SessionLease lease, Instant now) {
        return this.leases.release(lease, now);
    }

    @Override
    public Optional<SessionEvent> findEvent(SessionRef ref, String eventId, Instant now) {
        return this.leases.findEvent(ref, eventId, now);
    }

    @Override
    public List<SessionRef> sessionsOfUser(String tenant, String userId, Instant now) {
        return this.users.sessionsOfUser(tenant, userId, now);
    }

    @Override
    public Map<String, Map<String, Object>> userStateOfUser(String tenant, String userId) {
        return this.users.userStateOfUser(tenant, userId);
    }

    @Override
    public List<SessionWait> waitsOfUser(String tenant, String userId, Instant now) {
        return this.users.waitsOfUser(tenant, userId, now);
    }

    @Override
    public int eraseUser(String tenant, String userId) {
        return this.users.eraseUser(tenant, userId);
    }

    @Override
    public ScopedStore documents() {
        return this.documents;
    }

    @Override
    public void ping() {
        this.redis.ping();
    }

    /**
     * Runs a session write script and returns the session it replies with.
     */
    @SuppressWarnings("rawtypes")
    private AgentSession write(String what, RedisScript<List> script, SessionRef ref, List<String> args,
            @Nullable Long expectedVersion) {
        List<?> reply = this.redis.script(what, script, this.keys.sessionScriptKeys(ref), args);
        ScriptReply.check(ref, reply, expectedVersion);
        return this.mapper.session(ref, reply);
    }

    /**
     * Runs the read script; {@code effective} skips the ranges rewinds took out, else the raw log is read.
     */
    private List<?> read(SessionRef ref, Instant now, boolean withState, boolean includeEvents, long afterSeq,
            int recent, int first, @Nullable Instant after, boolean effective, boolean context) {
        List<String> args = List.of(ScriptValues.micros(now), withState ? "state" : "events",
                includeEvents ? "1" : "0", String.valueOf(afterSeq), String.valueOf(recent), String.valueOf(first),
                (after != null) ? ScriptValues.micros(after) : "", effective ? "1" : "0", context ? "1" : "0");
        return this.redis.script("read of " + ref, this.scripts.read, this.keys.sessionScriptKeys(ref), args);
    }

    /**
     * The arguments every versioned session write starts with: time, expiry, expected version (empty for
     * none) and the session's new listing index member.
     */
    static List<String> versionedWriteArgs(SessionRef ref, Instant now, @Nullable Instant expiresAt,
            @Nullable Long expectedVersion) {
        List<String> args = new ArrayList<>();
        args.add(ScriptValues.micros(now));
        ScriptValues.addExpiry(args, now, expiresAt);
        args.add((expectedVersion != null) ? expectedVersion.toString() : "");
        args.add(RedisKeys.indexMember(now, ref.userId(), ref.sessionId()));
        return args;
    }

    private static long ceilMicros(Instant instant) {
        long micros = EpochMicros.of(instant);
        return (instant.getNano() % 1000 != 0) ? micros + 1 : micros;
    }
}
