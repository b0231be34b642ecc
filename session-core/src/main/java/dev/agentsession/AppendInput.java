package dev.agentsession;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The checked events of an append: the events as the store takes them (ids given or generated, distinct,
 * {@code temp:} keys removed, each within the size limit) and the normalized deltas, {@code temp:} keys included,
 * for the snapshot the append returns.
 *
 * @param events the events for the store, their {@code seq} not yet assigned
 * @param deltas the normalized state delta of each event
 */
record AppendInput(List<SessionEvent> events, List<Map<String, @Nullable Object>> deltas) {

    /**
     * Checks and converts the events of one append.
     * @throws IllegalArgumentException if there are none, an id appears twice or an event is a {@code COMPACTION}
     */
    static AppendInput of(List<NewEvent> events, SessionInput input, Supplier<String> ids, Instant now,
            Consumer<SessionEvent> sizeCheck) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("append needs at least one event");
        }
        List<SessionEvent> stored = new ArrayList<>(events.size());
        List<Map<String, @Nullable Object>> deltas = new ArrayList<>(events.size());
        // No set for a single event, the common append: it cannot repeat an id.
        Set<String> seen = (events.size() > 1) ? new HashSet<>() : Set.of();
        for (NewEvent event : events) {
            Objects.requireNonNull(event, "events must not contain null");
            if (event.type() == EventType.COMPACTION) {
                throw new IllegalArgumentException("COMPACTION events are written by compact, not appended");
            }
            String id = (event.id() != null) ? event.id() : ids.get();
            if (events.size() > 1 && !seen.add(id)) {
                throw new IllegalArgumentException("Event id '" + id + "' appears twice in one append");
            }
            Map<String, @Nullable Object> delta = input.state(event.stateDelta());
            deltas.add(delta);
            Instant timestamp = (event.timestamp() != null)
                    ? SessionInput.time("event timestamp", event.timestamp()).truncatedTo(ChronoUnit.MICROS) : now;
            SessionEvent candidate = new SessionEvent(0, id, event.type(), event.author(),
                    input.content(event.content()), input.tree("event data", event.data()),
                    TempState.withoutTemp(delta), input.metadata("event metadata", event.metadata()), timestamp);
            sizeCheck.accept(candidate);
            stored.add(candidate);
        }
        return new AppendInput(stored, deltas);
    }
}
