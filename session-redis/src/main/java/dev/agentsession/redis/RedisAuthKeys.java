package dev.agentsession.redis;

import java.util.List;
import java.util.Objects;

import dev.agentsession.Identifiers;
import dev.agentsession.auth.AuthSessionKey;

/**
 * The key layout of the Redis auth session store under a namespace {@code ns}; ids are encoded as in
 * {@link RedisKeys#encode(String)} (hex digits only).
 *
 * <p>All auth keys of one tenant share the hash tag {@code {auth.<tenant>}}:
 *
 * <pre>
 * ns:{auth.T}:s:&lt;thread&gt;:&lt;profile&gt;:&lt;provider&gt;  hash  one auth session, fields: AuthHashField   (expires)
 * ns:{auth.T}:t:&lt;thread&gt;                        zset  the thread's sessions, members &lt;profile&gt;.&lt;provider&gt;, score 0
 * ns:{auth.T}:u                                 hash  resolve uid -&gt; &lt;thread&gt;:&lt;profile&gt;:&lt;provider&gt;
 * </pre>
 *
 * <p>The fields of a session hash, and what each holds, are named once in the package's {@code AuthHashField}
 * (the {@code AuthContext} only ever sealed by {@link dev.agentsession.auth.AuthContextCipher}).
 *
 * <p>Why one tag per tenant and not one per thread: {@code findByResolveUid(tenant, uid)} knows no thread,
 * and {@code put} must take a uid from whichever session of the tenant held it in the same atomic step as it
 * writes the new session. With a tag per thread the uid index and the sessions of two threads would live in
 * different slots, and no single script could do that on Redis Cluster. The price: one tenant's auth sessions
 * live on one shard, which for credentials (small, few per thread) is a modest load.
 *
 * <p>The thread index members {@code <profile>.<provider>} sort by profile, then provider in
 * {@link String#compareTo(String)} order, because the encoding keeps that order and {@code .} sorts before
 * every hex digit.
 *
 * @param keys the namespace of the session store
 */
public record RedisAuthKeys(RedisKeys keys) {

    /**
     * Checks the argument.
     */
    public RedisAuthKeys {
        Objects.requireNonNull(keys, "keys must not be null");
    }

    /**
     * The auth keys of a namespace.
     * @param namespace the key prefix, checked as {@link RedisKeys} does
     * @return the layout
     */
    public static RedisAuthKeys of(String namespace) {
        return new RedisAuthKeys(new RedisKeys(namespace));
    }

    /**
     * The prefix of every auth key of the namespace, of every tenant.
     * @return the prefix
     */
    public String prefix() {
        return this.keys.namespace() + ":{auth.";
    }

    /**
     * The prefix of every auth key of a tenant, ending with a colon.
     * @param tenant the tenant
     * @return the prefix
     */
    public String tenantPrefix(String tenant) {
        return prefix() + RedisKeys.encode(Identifiers.requireValid("tenant", tenant)) + "}:";
    }

    /**
     * The prefix of the session hashes of a tenant: a session hash is this followed by
     * {@link #sessionSuffix(AuthSessionKey)}.
     * @param tenant the tenant
     * @return the prefix
     */
    public String sessionPrefix(String tenant) {
        return tenantPrefix(tenant) + "s:";
    }

    /**
     * The part of a session hash key after {@link #sessionPrefix(String)}, also the value of the uid index.
     * @param key the auth session key
     * @return {@code <thread>:<profile>:<provider>}, encoded
     */
    public static String sessionSuffix(AuthSessionKey key) {
        return RedisKeys.encode(key.threadId()) + ":" + RedisKeys.encode(key.profile()) + ":"
                + RedisKeys.encode(key.provider());
    }

    /**
     * The key of the session a {@link #sessionSuffix(AuthSessionKey)} stands for.
     * @param tenant the tenant whose keys hold the suffix
     * @param suffix the suffix
     * @return the key
     * @throws IllegalArgumentException if {@code suffix} is not a session suffix
     */
    static AuthSessionKey keyOfSuffix(String tenant, String suffix) {
        String[] parts = suffix.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not an auth session suffix: " + suffix);
        }
        return new AuthSessionKey(tenant, RedisKeys.decode(parts[0]), RedisKeys.decode(parts[1]),
                RedisKeys.decode(parts[2]));
    }

    /**
     * The hash of one auth session.
     * @param key the auth session key
     * @return the key
     */
    public String session(AuthSessionKey key) {
        return sessionPrefix(key.tenant()) + sessionSuffix(key);
    }

    /**
     * The index of a thread's sessions.
     * @param tenant the tenant
     * @param threadId the thread
     * @return the key
     */
    public String thread(String tenant, String threadId) {
        return tenantPrefix(tenant) + "t:" + RedisKeys.encode(Identifiers.requireValid("threadId", threadId));
    }

    /**
     * The member of a session in its thread's index.
     * @param key the auth session key
     * @return {@code <profile>.<provider>}, encoded
     */
    public static String threadMember(AuthSessionKey key) {
        return RedisKeys.encode(key.profile()) + "." + RedisKeys.encode(key.provider());
    }

    /**
     * The key of the session a {@link #threadMember(AuthSessionKey)} stands for.
     * @param tenant the tenant
     * @param threadId the thread whose index holds the member
     * @param member the member
     * @return the key
     * @throws IllegalArgumentException if {@code member} is not a thread index member
     */
    static AuthSessionKey keyOfThreadMember(String tenant, String threadId, String member) {
        String[] parts = member.split("\\.", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("Not an auth thread index member: " + member);
        }
        return new AuthSessionKey(tenant, threadId, RedisKeys.decode(parts[0]), RedisKeys.decode(parts[1]));
    }

    /**
     * The resolve uid index of a tenant.
     * @param tenant the tenant
     * @return the key
     */
    public String resolveUids(String tenant) {
        return tenantPrefix(tenant) + "u";
    }

    /**
     * The three keys a write of one auth session touches: its hash, its thread's index, the tenant's uid index.
     * @param key the auth session key
     * @return the keys, all in one hash slot
     */
    public List<String> scriptKeys(AuthSessionKey key) {
        return List.of(session(key), thread(key.tenant(), key.threadId()), resolveUids(key.tenant()));
    }
}
