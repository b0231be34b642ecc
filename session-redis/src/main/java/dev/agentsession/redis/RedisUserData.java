package dev.agentsession.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.agentsession.SessionRef;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.UserDataStore;

/**
 * The {@link UserDataStore} of the Redis store. A user's data is spread over the hash tags of the apps the user
 * appears in; a scan of the namespace (every master of a cluster) for the keys that name the user
 * ({@link RedisKeys#userKeysPattern(String, String)}) finds those apps, and each app is then read or erased by one
 * script under its own tag ({@code user-data.lua}, {@code erase-user.lua}, the latter a batch of sessions at a
 * time). The scan costs what the namespace holds, not what the user does: fine for the rare privacy request, and it
 * keeps every write at one script.
 */
final class RedisUserData implements UserDataStore {

    private static final int BATCH = 500;

    private final RedisOperations redis;

    private final RedisScripts scripts;

    private final RedisKeys keys;

    private final SessionCodec codec;

    private final RedisWaitMapper waits;

    RedisUserData(RedisOperations redis, RedisScripts scripts, RedisKeys keys, SessionCodec codec,
            RedisWaitMapper waits) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.codec = codec;
        this.waits = waits;
    }

    @Override
    public List<SessionRef> sessionsOfUser(String tenant, String userId, Instant now) {
        List<SessionRef> refs = new ArrayList<>();
        for (String app : apps(tenant, userId)) {
            for (Object sid : read(tenant, app, userId, now, "sessions")) {
                refs.add(new SessionRef(tenant, app, userId, RedisKeys.decode((String) sid)));
            }
        }
        refs.sort(Comparator.comparing(SessionRef::app).thenComparing(SessionRef::sessionId));
        return refs;
    }

    @Override
    public Map<String, Map<String, Object>> userStateOfUser(String tenant, String userId) {
        Map<String, Map<String, Object>> byApp = new TreeMap<>();
        for (String app : apps(tenant, userId)) {
            Map<String, Object> state = new LinkedHashMap<>();
            ScriptValues.pairs(read(tenant, app, userId, Instant.EPOCH, "state"))
                .forEach((key, json) -> state.put(key, this.codec.normalize(key, this.codec.readValue(null,
                        "user state value '" + key + "' of app '" + app + "'", json))));
            if (!state.isEmpty()) {
                byApp.put(app, Map.copyOf(state));
            }
        }
        return byApp;
    }

    @Override
    public List<SessionWait> waitsOfUser(String tenant, String userId, Instant now) {
        List<SessionWait> found = new ArrayList<>();
        for (String app : apps(tenant, userId)) {
            List<?> triples = read(tenant, app, userId, now, "waits");
            for (int i = 0; i + 2 < triples.size(); i += 3) {
                found.add(this.waits.wait(tenant, app, RedisKeys.decode((String) triples.get(i)),
                        (String) triples.get(i + 1), (String) triples.get(i + 2)));
            }
        }
        found.sort(Comparator.comparing((SessionWait wait) -> wait.session().app())
            .thenComparing(SessionWait::createdAt));
        return found;
    }

    @Override
    public int eraseUser(String tenant, String userId) {
        String user = RedisKeys.encode(userId);
        int deleted = 0;
        for (String app : apps(tenant, userId)) {
            List<String> scriptKeys = List.of(this.keys.userIndex(tenant, app, userId),
                    this.keys.userState(tenant, app, userId), this.keys.waits(tenant, app, userId),
                    this.keys.users(tenant, app));
            List<String> args = List.of(String.valueOf(BATCH), this.keys.appPrefix(tenant, app), user);
            while (true) {
                List<?> reply = this.redis.script("eraseUser in " + tenant + "/" + app, this.scripts.eraseUser,
                        scriptKeys, args);
                deleted += ((Long) reply.get(0)).intValue();
                if ((Long) reply.get(1) == 1L) {
                    break;
                }
            }
        }
        return deleted;
    }

    /**
     * The apps of a tenant where the user has a listing index, state or waits, in order.
     */
    private TreeSet<String> apps(String tenant, String userId) {
        TreeSet<String> apps = new TreeSet<>();
        for (String key : this.redis.scan("scan for a user's apps in " + tenant,
                this.keys.userKeysPattern(tenant, userId))) {
            apps.add(RedisKeys.appOf(key));
        }
        return apps;
    }

    private List<?> read(String tenant, String app, String userId, Instant now, String what) {
        return this.redis.script("read of a user's " + what + " in " + tenant + "/" + app, this.scripts.userData,
                List.of(this.keys.userIndex(tenant, app, userId), this.keys.userState(tenant, app, userId),
                        this.keys.waits(tenant, app, userId)),
                List.of(ScriptValues.micros(now), this.keys.appPrefix(tenant, app), RedisKeys.encode(userId), what));
    }
}
