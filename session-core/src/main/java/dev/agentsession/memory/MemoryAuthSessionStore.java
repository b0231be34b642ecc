package dev.agentsession.memory;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

import dev.agentsession.auth.AuthSession;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.store.AuthSessionStore;
import org.jspecify.annotations.Nullable;

/**
 * Auth sessions in the application's heap. Nothing is written anywhere, so nothing is encrypted; everything
 * is lost on restart. Sessions are kept sorted by key so that a thread's sessions are one range.
 */
public final class MemoryAuthSessionStore implements AuthSessionStore {

    private static final Comparator<AuthSessionKey> KEY_ORDER = Comparator.comparing(AuthSessionKey::tenant)
        .thenComparing(AuthSessionKey::threadId)
        .thenComparing(AuthSessionKey::profile)
        .thenComparing(AuthSessionKey::provider);

    private final ConcurrentNavigableMap<AuthSessionKey, AuthSession> sessions = new ConcurrentSkipListMap<>(KEY_ORDER);

    private final ConcurrentMap<ResolveUid, AuthSessionKey> byResolveUid = new ConcurrentHashMap<>();

    @Override
    public AuthSession put(AuthSession session) {
        Objects.requireNonNull(session, "session must not be null");
        this.sessions.compute(session.key(), (key, previous) -> {
            if (previous != null && previous.resolveUid() != null) {
                this.byResolveUid.remove(new ResolveUid(key.tenant(), previous.resolveUid()), key);
            }
            if (session.resolveUid() != null) {
                AuthSessionKey holder = this.byResolveUid.put(new ResolveUid(key.tenant(), session.resolveUid()), key);
                if (holder != null && !holder.equals(key)) {
                    this.sessions.computeIfPresent(holder, (k, other) -> withoutResolveUid(other));
                }
            }
            return session;
        });
        return session;
    }

    @Override
    public Optional<AuthSession> find(AuthSessionKey key, Instant now) {
        return Optional.ofNullable(this.sessions.get(key)).filter((session) -> !session.isExpired(now));
    }

    @Override
    public Optional<AuthSession> findByResolveUid(String tenant, String resolveUid, Instant now) {
        AuthSessionKey key = this.byResolveUid.get(new ResolveUid(tenant, resolveUid));
        return (key != null) ? find(key, now).filter((session) -> resolveUid.equals(session.resolveUid()))
                : Optional.empty();
    }

    @Override
    public List<AuthSession> listForThread(String tenant, String threadId, @Nullable String profile, Instant now) {
        return threadRange(tenant, threadId).stream()
            .filter((session) -> profile == null || profile.equals(session.key().profile()))
            .filter((session) -> !session.isExpired(now))
            .toList();
    }

    @Override
    public boolean delete(AuthSessionKey key) {
        AuthSession removed = this.sessions.remove(key);
        if (removed != null && removed.resolveUid() != null) {
            this.byResolveUid.remove(new ResolveUid(key.tenant(), removed.resolveUid()), key);
        }
        return removed != null;
    }

    @Override
    public int deleteThread(String tenant, String threadId) {
        int deleted = 0;
        for (AuthSession session : threadRange(tenant, threadId)) {
            if (delete(session.key())) {
                deleted++;
            }
        }
        return deleted;
    }

    private List<AuthSession> threadRange(String tenant, String threadId) {
        // " " is the smallest valid identifier, so this key sorts first among the thread's keys.
        AuthSessionKey first = new AuthSessionKey(tenant, threadId, " ", " ");
        return this.sessions.tailMap(first, true)
            .values()
            .stream()
            .takeWhile((session) -> session.key().tenant().equals(tenant) && session.key().threadId().equals(threadId))
            .toList();
    }

    private static AuthSession withoutResolveUid(AuthSession session) {
        return new AuthSession(session.key(), session.status(), session.context(), session.scoped(), session.scopes(),
                null, session.createdAt(), session.expiresAt());
    }

    private record ResolveUid(String tenant, String uid) {
    }
}
