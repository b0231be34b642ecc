package dev.agentsession.adk;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.google.adk.JsonBaseModel;
import com.google.adk.sessions.State;
import dev.agentsession.state.StateScope;
import org.jspecify.annotations.Nullable;

/**
 * State between ADK and the store. Both know the same scopes by the same prefixes ({@code app:}, {@code user:},
 * {@code temp:}, none for the session), so keys pass unchanged; what differs is how a deletion is written (ADK's
 * {@link State#REMOVED} sentinel, the store's {@code null}) and that ADK values are Jackson 2 objects.
 */
final class AdkState {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private AdkState() {
    }

    /**
     * A delta (or initial state) as the store takes it: {@code temp:} keys dropped (they are never persisted),
     * {@link State#REMOVED} as {@code null}, every other value in the JSON form ADK's own mapper gives it.
     * @param adk the ADK map, or {@code null}
     * @return the map for the store
     */
    static Map<String, @Nullable Object> toStore(@Nullable Map<String, Object> adk) {
        Map<String, @Nullable Object> stored = new LinkedHashMap<>();
        if (adk != null) {
            adk.forEach((key, value) -> {
                if (isKept(key)) {
                    stored.put(key,
                            (value == State.REMOVED) ? null : JsonBaseModel.getMapper().convertValue(value, Object.class));
                }
            });
        }
        return stored;
    }

    /**
     * Stored state as ADK holds it: a mutable concurrent map of mutable maps and lists, numbers as ADK's mapper reads
     * them, a {@code null} (a deleted key, in a delta) as {@link State#REMOVED}.
     * @param stored the stored state or delta
     * @return a new map
     */
    static ConcurrentMap<String, Object> toAdk(Map<String, ? extends @Nullable Object> stored) {
        // The store's values are plain maps, lists, strings, numbers and booleans; converting copies them.
        Map<String, Object> plain = JsonBaseModel.getMapper().convertValue(stored, MAP);
        ConcurrentMap<String, Object> adk = new ConcurrentHashMap<>();
        plain.forEach((key, value) -> adk.put(key, (value != null) ? value : State.REMOVED));
        return adk;
    }

    /**
     * Whether a key is kept in the in-memory session after an event, as ADK's session services keep it.
     * @param key the state key
     * @return {@code false} for {@code temp:} keys
     */
    static boolean isKept(String key) {
        return StateScope.of(key) != StateScope.TEMP;
    }
}
