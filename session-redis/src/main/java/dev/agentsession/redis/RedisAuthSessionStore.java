package dev.agentsession.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.agentsession.store.UnreadableRecords;
import dev.agentsession.Identifiers;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthContextCipher;
import dev.agentsession.auth.AuthDecryptionException;
import dev.agentsession.auth.AuthSession;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * An {@link AuthSessionStore} on Redis (standalone or Cluster); see {@link RedisAuthKeys} for the keys.
 *
 * <p>Every write is one Lua script over keys of one tenant's hash tag: {@link #put(AuthSession)} replaces
 * the session of its key, updates the thread index and moves the resolve uid (taking it from any other
 * session of the tenant) atomically, so concurrent puts of one key leave exactly one intact session.
 *
 * <p>The {@link AuthContext} is stored only sealed by the {@link AuthContextCipher} (AES-256-GCM, bound to the
 * auth session key). Without a cipher, putting a session that carries a context fails before anything is
 * written, and reading a stored context fails, both with a message naming
 * {@value AuthContextCipher#KEY_PROPERTY}. A context that cannot be decrypted raises
 * {@link AuthDecryptionException} and stays stored as it is.
 *
 * <p>Expiry: each session hash gets a relative Redis expiry ({@code expiresAt - createdAt}), and every read
 * treats a session as absent once its {@code expiresAt} is not after the {@code now} it is given.
 */
public final class RedisAuthSessionStore implements AuthSessionStore {

    private final RedisOperations redis;

    private final RedisAuthKeys keys;

    private final RedisAuthSessionMapper mapper;

    private final RedisScripts scripts = new RedisScripts();

    private final UnreadableRecords unreadable = new UnreadableRecords();

    /**
     * Creates a store.
     * @param connectionFactory the connections, standalone or cluster
     * @param codec writes the scopes as JSON
     * @param namespace the prefix of every key ({@code agent.session.redis.namespace}); no braces
     * @param cipher seals the credentials, or {@code null} if no key is configured (then only sessions without
     * a context can be stored)
     */
    public RedisAuthSessionStore(RedisConnectionFactory connectionFactory, SessionCodec codec, String namespace,
            @Nullable AuthContextCipher cipher) {
        this.redis = new RedisOperations(connectionFactory);
        this.keys = RedisAuthKeys.of(namespace);
        this.mapper = new RedisAuthSessionMapper(codec, cipher);
    }

    /**
     * The key layout of this store.
     * @return the keys
     */
    public RedisAuthKeys keys() {
        return this.keys;
    }

    @Override
    public AuthSession put(AuthSession session) {
        Objects.requireNonNull(session, "session must not be null");
        AuthSessionKey key = session.key();
        List<String> args = new ArrayList<>();
        args.add(RedisAuthKeys.threadMember(key));
        args.add(RedisAuthKeys.sessionSuffix(key));
        args.addAll(this.mapper.values(session));
        args.add(this.keys.sessionPrefix(key.tenant()));
        this.redis.script("put of auth session " + key, this.scripts.authPut, this.keys.scriptKeys(key), args);
        return session;
    }

    @Override
    public Optional<AuthSession> find(AuthSessionKey key, Instant now) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(now, "now must not be null");
        Map<String, String> fields = this.redis.hashGetAll("read of auth session " + key, this.keys.session(key));
        return this.mapper.live(key, new StoredHash(fields), now);
    }

    @Override
    public Optional<AuthSession> findByResolveUid(String tenant, String resolveUid, Instant now) {
        Identifiers.requireValid("resolveUid", resolveUid);
        Objects.requireNonNull(now, "now must not be null");
        List<?> reply = this.redis.script("read of the auth session of a resolve uid in tenant " + tenant,
                this.scripts.authFindUid, List.of(this.keys.resolveUids(tenant)),
                List.of(resolveUid, this.keys.sessionPrefix(tenant)));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        AuthSessionKey key;
        try {
            key = RedisAuthKeys.keyOfSuffix(tenant, (String) reply.get(0));
        }
        catch (IllegalArgumentException ex) {
            throw new SessionDataCorruptedException(null, "resolve uid index of tenant '" + tenant + "'", ex);
        }
        return this.mapper.live(key, StoredHash.of(reply.get(1)), now);
    }

    @Override
    public List<AuthSession> listForThread(String tenant, String threadId, @Nullable String profile, Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        String min = "-";
        String max = "+";
        if (profile != null) {
            String encoded = RedisKeys.encode(Identifiers.requireValid("profile", profile));
            // Members are <profile>.<provider>; '/' is the byte after '.'.
            min = "[" + encoded + ".";
            max = "(" + encoded + "/";
        }
        String threadPrefix = this.keys.sessionPrefix(tenant) + RedisKeys.encode(threadId) + ":";
        List<?> flat = this.redis.script("listing of the auth sessions of a thread in tenant " + tenant,
                this.scripts.authList, List.of(this.keys.thread(tenant, threadId)), List.of(min, max, threadPrefix));
        List<AuthSession> sessions = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            AuthSessionKey key;
            try {
                key = RedisAuthKeys.keyOfThreadMember(tenant, threadId, (String) flat.get(i));
            }
            catch (IllegalArgumentException ex) {
                throw new SessionDataCorruptedException(null, "auth thread index of tenant '" + tenant + "'", ex);
            }
            // An auth session that cannot be read (corrupt fields or a damaged ciphertext) is skipped and
            // reported: it must not hide the thread's other auth sessions.
            StoredHash hash = StoredHash.of(flat.get(i + 1));
            try {
                this.mapper.live(key, hash, now).ifPresent(sessions::add);
            }
            catch (SessionDataCorruptedException ex) {
                this.unreadable.skipped("list auth sessions", ex);
            }
            catch (AuthDecryptionException ex) {
                // A key missing from the configuration fails the whole listing: it is no damaged record.
                String sealed = hash.get(AuthHashField.CONTEXT);
                if (sealed == null || !this.mapper.hasKeyFor(sealed)) {
                    throw ex;
                }
                this.unreadable.skipped("list auth sessions",
                        new SessionDataCorruptedException(null, "context of auth session " + key, null));
            }
        }
        return sessions;
    }

    @Override
    public boolean delete(AuthSessionKey key) {
        Objects.requireNonNull(key, "key must not be null");
        return this.redis.script("delete of auth session " + key, this.scripts.authDelete, this.keys.scriptKeys(key),
                List.of(RedisAuthKeys.threadMember(key), RedisAuthKeys.sessionSuffix(key))) == 1L;
    }

    @Override
    public int deleteThread(String tenant, String threadId) {
        String thread = RedisKeys.encode(Identifiers.requireValid("threadId", threadId));
        return this.redis.script("delete of the auth sessions of a thread in tenant " + tenant,
                this.scripts.authDeleteThread,
                List.of(this.keys.thread(tenant, threadId), this.keys.resolveUids(tenant)),
                List.of(this.keys.sessionPrefix(tenant) + thread + ":", thread)).intValue();
    }
}
