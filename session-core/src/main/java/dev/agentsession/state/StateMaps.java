package dev.agentsession.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Immutable copies of state maps. State deltas need their own copy because a {@code null} value is
 * meaningful there (it deletes the key) and {@link Map#copyOf(Map)} rejects nulls.
 */
public final class StateMaps {

    private StateMaps() {
    }

    /**
     * An unmodifiable copy that keeps {@code null} values and the iteration order.
     * @param map the map to copy
     * @return the copy
     * @throws IllegalArgumentException if a key is null
     */
    public static Map<String, @Nullable Object> copyOf(Map<String, ? extends @Nullable Object> map) {
        if (map.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<String, @Nullable Object> copy = new LinkedHashMap<>(map);
        if (copy.containsKey(null)) {
            throw new IllegalArgumentException("State keys must not be null");
        }
        return Collections.unmodifiableMap(copy);
    }
}
