package dev.agentsession.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A state delta split by the scope that stores it. {@code temp:} keys are dropped: they are never stored.
 * In each map a {@code null} value deletes the key.
 *
 * @param session changes to the session's own keys
 * @param user changes to {@code user:} keys
 * @param app changes to {@code app:} keys
 */
public record StateChanges(Map<String, @Nullable Object> session, Map<String, @Nullable Object> user,
        Map<String, @Nullable Object> app) {

    private static final StateChanges NONE = new StateChanges(Map.of(), Map.of(), Map.of());

    /**
     * Takes immutable copies.
     */
    public StateChanges {
        session = StateMaps.copyOf(session);
        user = StateMaps.copyOf(user);
        app = StateMaps.copyOf(app);
    }

    /**
     * No change.
     * @return the empty changes
     */
    public static StateChanges none() {
        return NONE;
    }

    /**
     * Splits one delta by scope, dropping {@code temp:} keys.
     * @param delta the delta
     * @return the changes
     */
    public static StateChanges of(Map<String, ? extends @Nullable Object> delta) {
        return ofAll(List.of(delta));
    }

    /**
     * Splits several deltas applied in order, the later value of a key winning.
     * @param deltas the deltas in the order they apply
     * @return the changes
     */
    public static StateChanges ofAll(List<? extends Map<String, ? extends @Nullable Object>> deltas) {
        if (allEmpty(deltas)) {
            return NONE;
        }
        Map<String, @Nullable Object> session = new LinkedHashMap<>();
        Map<String, @Nullable Object> user = new LinkedHashMap<>();
        Map<String, @Nullable Object> app = new LinkedHashMap<>();
        for (Map<String, ? extends @Nullable Object> delta : deltas) {
            delta.forEach((key, value) -> {
                switch (StateScope.of(key)) {
                    case APP -> app.put(key, value);
                    case USER -> user.put(key, value);
                    case SESSION -> session.put(key, value);
                    case TEMP -> {
                    }
                }
            });
        }
        return (session.isEmpty() && user.isEmpty() && app.isEmpty()) ? NONE : new StateChanges(session, user, app);
    }

    private static boolean allEmpty(List<? extends Map<String, ?>> deltas) {
        for (Map<String, ?> delta : deltas) {
            if (!delta.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether nothing changes.
     * @return {@code true} when all three maps are empty
     */
    public boolean isEmpty() {
        return this.session.isEmpty() && this.user.isEmpty() && this.app.isEmpty();
    }

    /**
     * Applies changes to a mutable map: puts the values, removes the keys mapped to {@code null}.
     * @param target the map to change
     * @param changes the changes of one scope
     */
    public static void applyTo(Map<String, Object> target, Map<String, @Nullable Object> changes) {
        changes.forEach((key, value) -> {
            if (value == null) {
                target.remove(key);
            }
            else {
                target.put(key, value);
            }
        });
    }

    /**
     * Merges the stored scopes into the one map a read returns.
     * @param app the app state
     * @param user the user state
     * @param session the session state
     * @return the merged, unmodifiable map
     */
    public static Map<String, Object> merge(Map<String, Object> app, Map<String, Object> user,
            Map<String, Object> session) {
        if (app.isEmpty() && user.isEmpty()) {
            return Map.copyOf(session);
        }
        Map<String, Object> merged = new LinkedHashMap<>(app.size() + user.size() + session.size());
        merged.putAll(app);
        merged.putAll(user);
        merged.putAll(session);
        return Map.copyOf(merged);
    }
}
