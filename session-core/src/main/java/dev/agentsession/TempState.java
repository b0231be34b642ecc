package dev.agentsession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentsession.state.StateScope;
import org.jspecify.annotations.Nullable;

/**
 * The {@code temp:} values of a call: never stored, visible in the snapshot the call returns and nowhere else.
 */
final class TempState {

    private TempState() {
    }

    /**
     * A delta without its {@code temp:} keys, as the store takes it.
     */
    static Map<String, @Nullable Object> withoutTemp(Map<String, @Nullable Object> delta) {
        if (delta.isEmpty()) {
            return delta;
        }
        Map<String, @Nullable Object> kept = new LinkedHashMap<>(delta);
        kept.keySet().removeIf((key) -> StateScope.of(key) == StateScope.TEMP);
        return kept;
    }

    /**
     * Adds the {@code temp:} values of the deltas this call applied to the snapshot it returns: they are
     * visible there and nowhere else.
     */
    static AgentSession withTemp(AgentSession session, List<Map<String, @Nullable Object>> deltas) {
        Map<String, Object> state = null;
        for (Map<String, @Nullable Object> delta : deltas) {
            if (delta.isEmpty()) {
                // Most deltas are empty: skipped without an iterator.
                continue;
            }
            for (Map.Entry<String, @Nullable Object> entry : delta.entrySet()) {
                if (StateScope.of(entry.getKey()) == StateScope.TEMP) {
                    if (state == null) {
                        state = new LinkedHashMap<>(session.state());
                    }
                    if (entry.getValue() != null) {
                        state.put(entry.getKey(), entry.getValue());
                    }
                    else {
                        state.remove(entry.getKey());
                    }
                }
            }
        }
        return (state != null) ? session.withState(state) : session;
    }
}
