package dev.agentsession.memory;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.agentsession.memory.MemoryListingIndexes.AppKey;
import dev.agentsession.memory.MemoryListingIndexes.UserKey;
import dev.agentsession.state.StateChanges;

/**
 * The state the memory store's sessions share: {@code app:} keys per app and {@code user:} keys per user of an
 * app, each in a concurrent map so that writers of different sessions change them without a global lock.
 */
final class MemorySharedState {

    private final ConcurrentMap<AppKey, Map<String, Object>> app = new ConcurrentHashMap<>();

    private final ConcurrentMap<UserKey, Map<String, Object>> user = new ConcurrentHashMap<>();

    /**
     * Applies the {@code user:} and {@code app:} changes of a write by a session.
     */
    void apply(UserKey owner, StateChanges changes) {
        if (!changes.user().isEmpty()) {
            StateChanges.applyTo(this.user.computeIfAbsent(owner, (key) -> new ConcurrentHashMap<>()),
                    changes.user());
        }
        if (!changes.app().isEmpty()) {
            StateChanges.applyTo(this.app.computeIfAbsent(owner.app(), (key) -> new ConcurrentHashMap<>()),
                    changes.app());
        }
    }

    /**
     * A session's merged state: its app's, its user's and its own keys.
     * @param owner the session's user, in its app
     */
    Map<String, Object> merge(UserKey owner, Map<String, Object> sessionState) {
        return StateChanges.merge(this.app.getOrDefault(owner.app(), Map.of()),
                this.user.getOrDefault(owner, Map.of()), sessionState);
    }

    /**
     * The {@code user:} state of a user in each app of a tenant that holds some, ordered by app.
     */
    Map<String, Map<String, Object>> ofUser(String tenant, String userId) {
        Map<String, Map<String, Object>> byApp = new TreeMap<>();
        this.user.forEach((key, state) -> {
            if (key.app().tenant().equals(tenant) && key.userId().equals(userId) && !state.isEmpty()) {
                byApp.put(key.app().app(), Map.copyOf(state));
            }
        });
        return byApp;
    }

    void removeUser(String tenant, String userId) {
        this.user.keySet().removeIf((key) -> key.app().tenant().equals(tenant) && key.userId().equals(userId));
    }

    void removeApp(AppKey appKey) {
        this.app.remove(appKey);
        this.user.keySet().removeIf((key) -> key.app().equals(appKey));
    }

    void clear() {
        this.app.clear();
        this.user.clear();
    }
}
