package dev.agentsession.redis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;

/**
 * The run leases of the Redis store, in fields of the session's own hash (the last token, the expiry and the owner,
 * see {@link SessionHashField}): one session script ({@code lease.lua}) takes, renews or releases a lease, so that of
 * concurrent acquisitions exactly one finds no live lease. The session's write scripts check the same fields
 * ({@code lease_refusal} in {@code app-common.lua}), the fencing token being their last argument. A lease expires by
 * its expiry field, read against the caller's time, never by a key expiry, and goes with the session's hash.
 */
final class RedisLeases {

    private final RedisOperations redis;

    private final RedisScripts scripts;

    private final RedisKeys keys;

    private final RedisSessionMapper mapper;

    RedisLeases(RedisOperations redis, RedisScripts scripts, RedisKeys keys, RedisSessionMapper mapper) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.mapper = mapper;
    }

    SessionLease acquire(SessionRef ref, String owner, Instant now, Instant expiresAt) {
        List<?> reply = run("acquire", ref, now, "", ScriptValues.micros(expiresAt), owner);
        ScriptReply.check(ref, reply, null);
        return new SessionLease(ref, owner, Long.parseLong((String) reply.get(1)), expiresAt);
    }

    SessionLease renew(SessionLease lease, Instant now, Instant expiresAt) {
        List<?> reply = run("renew", lease.ref(), now, String.valueOf(lease.token()), ScriptValues.micros(expiresAt),
                "");
        ScriptReply.check(lease.ref(), reply, null);
        return new SessionLease(lease.ref(), lease.owner(), lease.token(), expiresAt);
    }

    boolean release(SessionLease lease, Instant now) {
        List<?> reply = run("release", lease.ref(), now, String.valueOf(lease.token()), "", "");
        return ScriptReply.of(reply) == ScriptReply.OK;
    }

    Optional<SessionEvent> findEvent(SessionRef ref, String eventId, Instant now) {
        List<?> reply = this.redis.script("findEvent of " + ref, this.scripts.findEvent,
                this.keys.sessionScriptKeys(ref), List.of(ScriptValues.micros(now), eventId));
        if (ScriptReply.of(reply) == ScriptReply.NOT_FOUND) {
            throw new SessionNotFoundException(ref);
        }
        if (reply.size() < 3) {
            return Optional.empty();
        }
        return Optional.of(this.mapper.event(ref, (String) reply.get(1), (String) reply.get(2)));
    }

    private List<?> run(String operation, SessionRef ref, Instant now, String token, String expiresAt,
            String owner) {
        return this.redis.script(operation + " lease of " + ref, this.scripts.lease, this.keys.sessionScriptKeys(ref),
                List.of(ScriptValues.micros(now), operation, token, expiresAt, owner));
    }
}
