package dev.agentsession.memory;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.memory.MemoryListingIndexes.AppKey;
import dev.agentsession.memory.MemoryListingIndexes.UserKey;
import dev.agentsession.store.ClaimWaitCommand;
import org.jspecify.annotations.Nullable;

/**
 * The waits of the memory store, one map per waiting user of an app keyed by reply scope. Every change of one
 * entry is a single atomic map operation, so that of concurrent claims exactly one removes a wait. A wait that
 * has expired is never returned and is dropped when met.
 */
final class MemoryWaits {

    private static final Comparator<SessionWait> OLDEST_FIRST = Comparator.comparing(SessionWait::createdAt);

    private final ConcurrentMap<UserKey, ConcurrentMap<ReplyScope, SessionWait>> waits = new ConcurrentHashMap<>();

    /**
     * Stores a wait under its key, replacing the wait there.
     */
    void put(SessionWait wait) {
        WaitKey key = wait.key();
        this.waits.computeIfAbsent(userOf(key), (user) -> new ConcurrentHashMap<>()).put(key.scope(), wait);
    }

    /**
     * The wait under a key, expired or not.
     */
    @Nullable SessionWait peek(WaitKey key) {
        Map<ReplyScope, SessionWait> ofUser = this.waits.get(userOf(key));
        return (ofUser != null) ? ofUser.get(key.scope()) : null;
    }

    /**
     * The live wait under a key; an expired one is dropped.
     */
    @Nullable SessionWait find(WaitKey key, Instant now) {
        SessionWait wait = peek(key);
        if (wait != null && wait.isExpired(now)) {
            remove(key, wait);
            return null;
        }
        return wait;
    }

    /**
     * Removes whatever wait is under a key, atomically.
     * @return the removed wait, expired or not, or {@code null}
     */
    @Nullable SessionWait remove(WaitKey key) {
        Map<ReplyScope, SessionWait> ofUser = this.waits.get(userOf(key));
        return (ofUser != null) ? ofUser.remove(key.scope()) : null;
    }

    /**
     * Removes a wait without a claim's lease check.
     * @return whether a live wait was removed
     */
    boolean clear(WaitKey key, Instant now) {
        SessionWait wait = remove(key);
        return wait != null && !wait.isExpired(now);
    }

    /**
     * Claims a live wait inside the compute of its session, so that checking the session's run lease and clearing
     * its flow (when the command asks to, on a live active session) are the same step; {@link ConcurrentMap#remove}
     * gives the wait to exactly one claim. A claim of a wait whose session is gone only removes the wait.
     * @param sessions the store's sessions
     * @param clearFlow clears a session's flow as a write, called inside its compute
     * @return the claimed wait, or {@code null}
     * @throws SessionLeasedException if the session's lease refuses the claim; nothing changes
     */
    @Nullable SessionWait claim(ClaimWaitCommand command, ConcurrentMap<SessionRef, MemorySession> sessions,
            Consumer<MemorySession> clearFlow) {
        WaitKey key = command.key();
        Instant now = command.now();
        while (true) {
            SessionWait wait = find(key, now);
            if (wait == null) {
                return null;
            }
            boolean[] claimed = new boolean[1];
            MemorySession session = sessions.computeIfPresent(wait.session(), (ref, stored) -> {
                synchronized (stored) {
                    if (!stored.isExpired(now)) {
                        stored.requireLease(command.fencingTokenFor(ref), now);
                    }
                    claimed[0] = remove(key, wait);
                    if (command.clearFlow() && claimed[0] && !stored.isExpired(now)
                            && stored.status == SessionStatus.ACTIVE) {
                        clearFlow.accept(stored);
                    }
                    return stored;
                }
            });
            if (session == null) {
                claimed[0] = remove(key, wait);
            }
            if (claimed[0]) {
                return wait;
            }
            // Another claim took the wait, or a new one replaced it: look again.
        }
    }

    /**
     * Removes a wait if it is still the one under its key.
     * @return whether this call removed it
     */
    boolean remove(WaitKey key, SessionWait wait) {
        Map<ReplyScope, SessionWait> ofUser = this.waits.get(userOf(key));
        return ofUser != null && ofUser.remove(key.scope(), wait);
    }

    /**
     * The live waits for one user's reply, oldest first; expired ones are dropped.
     */
    List<SessionWait> list(UserKey user, Instant now) {
        Map<ReplyScope, SessionWait> ofUser = this.waits.get(user);
        if (ofUser == null) {
            return List.of();
        }
        ofUser.values().removeIf((wait) -> wait.isExpired(now));
        return ofUser.values().stream().sorted(OLDEST_FIRST).toList();
    }

    /**
     * The live waits a user takes part in, in every app of a tenant: for the user's reply or of the user's
     * sessions; by app, then oldest first. Walks every wait.
     */
    List<SessionWait> ofUser(String tenant, String userId, Instant now) {
        return this.waits.values()
            .stream()
            .flatMap((ofUser) -> ofUser.values().stream())
            .filter((wait) -> !wait.isExpired(now) && wait.session().tenant().equals(tenant)
                    && (wait.waitingUserId().equals(userId) || wait.session().userId().equals(userId)))
            .sorted(Comparator.comparing((SessionWait wait) -> wait.session().app()).thenComparing(OLDEST_FIRST))
            .toList();
    }

    /**
     * Removes the waits a session registered under the given keys, leaving those that another session has since
     * replaced.
     */
    void removeOfSession(SessionRef ref, Collection<WaitKey> keys) {
        for (WaitKey key : keys) {
            SessionWait wait = peek(key);
            if (wait != null && wait.session().equals(ref)) {
                remove(key, wait);
            }
        }
    }

    /**
     * Removes the waits for one user's reply in every app of a tenant.
     */
    void removeWaitingUser(String tenant, String userId) {
        this.waits.keySet().removeIf((user) -> user.app().tenant().equals(tenant) && user.userId().equals(userId));
    }

    void removeApp(AppKey app) {
        this.waits.keySet().removeIf((user) -> user.app().equals(app));
    }

    void clear() {
        this.waits.clear();
    }

    private static UserKey userOf(WaitKey key) {
        return new UserKey(key.tenant(), key.app(), key.userId());
    }
}
