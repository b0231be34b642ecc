package dev.agentsession.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.store.UnreadableRecords;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionRef;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.store.ClaimWaitCommand;
import dev.agentsession.store.RegisterWaitCommand;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;

/**
 * The {@link WaitStore} of the Redis store. Waits live under the app's hash tag, in one hash per waiting user keyed
 * by reply scope (see {@link RedisKeys}), so that {@link #registerWait(RegisterWaitCommand)} saves the session's
 * flow, advances its version and stores the wait in one script, and {@link #claimWait(ClaimWaitCommand)}
 * reads, checks and removes a wait in one script: of concurrent claims exactly one receives it. A claim that clears
 * the session's flow first reads the wait to learn its session, then runs a session script that claims the wait only
 * if it is still that session's and clears the flow in the same step (and looks again if another session's wait
 * took the field meanwhile). A wait counts only while it is unexpired and its session is live and active; the
 * scripts remove the dead waits they meet. The session scripts remove a session's waits when they delete or archive
 * it.
 */
final class RedisWaitStore implements WaitStore {

    private final RedisOperations redis;

    private final RedisScripts scripts;

    private final RedisKeys keys;

    private final RedisWaitMapper mapper;

    private final UnreadableRecords unreadable;

    RedisWaitStore(RedisOperations redis, RedisScripts scripts, RedisKeys keys, RedisWaitMapper mapper,
            UnreadableRecords unreadable) {
        this.redis = redis;
        this.unreadable = unreadable;
        this.scripts = scripts;
        this.keys = keys;
        this.mapper = mapper;
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
        args.add(this.mapper.flow(wait.flow()));
        args.add(RedisKeys.waitField(wait.scope()));
        args.add(this.mapper.value(wait));
        args.add(String.valueOf(ScriptValues.ttlMillis(now, wait.expiresAt())));
        args.add(this.keys.sessionPrefix(ref.tenant(), ref.app()));
        args.add(RedisKeys.encode(wait.waitingUserId()));
        args.add(ScriptValues.fencingToken(command.fencingToken()));
        List<?> reply = this.redis.script("registerWait of " + ref, this.scripts.registerWait,
                this.keys.sessionScriptKeys(ref, wait.waitingUserId()), args);
        ScriptReply.check(ref, reply, null);
        return wait;
    }

    @Override
    public Optional<SessionWait> findWait(WaitKey key, Instant now) {
        return findOrClaim("findWait", key, now, false, null);
    }

    @Override
    public List<SessionWait> listWaits(String tenant, String app, String userId, Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        List<?> flat = this.redis.script("listWaits of " + tenant + "/" + app + "/" + userId, this.scripts.waitList,
                List.of(this.keys.waits(tenant, app, userId)), commonArgs(tenant, app, userId, now));
        List<SessionWait> waits = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            // A wait that cannot be read is skipped and reported: it must not hide the user's other waits.
            try {
                waits.add(this.mapper.wait(tenant, app, userId, (String) flat.get(i), (String) flat.get(i + 1)));
            }
            catch (SessionDataCorruptedException ex) {
                this.unreadable.skipped("list waits", ex);
            }
        }
        waits.sort(Comparator.comparing(SessionWait::createdAt).thenComparing((wait) -> wait.session().sessionId())
            .thenComparing((wait) -> RedisKeys.waitField(wait.scope())));
        return waits;
    }

    @Override
    public boolean clearWait(WaitKey key, Instant now) {
        return findOrClaim("clearWait", key, now, true, null).isPresent();
    }

    @Override
    public Optional<SessionWait> claimWait(ClaimWaitCommand command) {
        Objects.requireNonNull(command, "command must not be null");
        WaitKey key = command.key();
        if (!command.clearFlow()) {
            return findOrClaim("claimWait", key, command.now(), true, command);
        }
        String field = RedisKeys.waitField(key.scope());
        while (true) {
            Optional<SessionWait> found = findOrClaim("claimWait", key, command.now(), false, null);
            if (found.isEmpty()) {
                return found;
            }
            SessionRef ref = found.get().session();
            List<String> args = new ArrayList<>();
            args.add(ScriptValues.micros(command.now()));
            ScriptValues.addExpiry(args, command.now(), command.sessionExpiresAt());
            args.add(RedisKeys.indexMember(command.now(), ref.userId(), ref.sessionId()));
            args.add(field);
            args.add(RedisKeys.encode(key.userId()));
            args.add(ScriptValues.fencingToken(command.fencingTokenFor(ref)));
            List<?> reply = this.redis.script("claimWait of " + key, this.scripts.claimWait,
                    this.keys.sessionScriptKeys(ref, key.userId()), args);
            if (ScriptReply.of(reply) == ScriptReply.LEASED) {
                throw ScriptReply.leased(ref, reply);
            }
            if (ScriptReply.of(reply) == ScriptReply.OK) {
                return Optional.of(this.mapper.wait(key.tenant(), key.app(), key.userId(), field,
                        (String) reply.get(1)));
            }
            // Claimed by another caller, replaced by another session's wait, or dead: look again.
        }
    }

    /**
     * Runs the find-or-claim script: one {@code HGET}, the liveness check and, for a claim, the {@code HDEL},
     * atomically; a claim given its command checks the run lease of the wait's session first.
     */
    private Optional<SessionWait> findOrClaim(String what, WaitKey key, Instant now, boolean claim,
            @Nullable ClaimWaitCommand fenced) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(now, "now must not be null");
        String field = RedisKeys.waitField(key.scope());
        List<String> args = new ArrayList<>(commonArgs(key.tenant(), key.app(), key.userId(), now));
        args.add(field);
        args.add(claim ? "1" : "0");
        SessionLease lease = (fenced != null) ? fenced.lease() : null;
        args.add((fenced == null) ? "" : (lease == null) ? "-"
                : RedisKeys.encode(lease.ref().userId()) + ":" + RedisKeys.encode(lease.ref().sessionId()));
        args.add((lease != null) ? String.valueOf(lease.token()) : "");
        List<?> reply = this.redis.script(what + " of " + key, this.scripts.waitFind,
                List.of(this.keys.waits(key.tenant(), key.app(), key.userId())), args);
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        if (reply.get(0) instanceof Long) {
            // The lease of the wait's session refused the claim: { LEASED, expiry, wait }.
            SessionWait refused = this.mapper.wait(key.tenant(), key.app(), key.userId(), field,
                    (String) reply.get(2));
            throw ScriptReply.leased(refused.session(), reply);
        }
        return Optional.of(this.mapper.wait(key.tenant(), key.app(), key.userId(), field, (String) reply.get(0)));
    }

    /**
     * The arguments every wait script starts with (see {@code wait-common.lua}).
     */
    private List<String> commonArgs(String tenant, String app, String userId, Instant now) {
        return List.of(ScriptValues.micros(now), this.keys.sessionPrefix(tenant, app), RedisKeys.encode(userId));
    }
}
