package dev.agentsession.adk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.adk.JsonBaseModel;
import com.google.adk.events.Event;
import com.google.adk.events.EventActions;
import com.google.adk.events.EventCompaction;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import dev.agentsession.EventType;
import dev.agentsession.NewEvent;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.agentsession.history.Compaction;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How an ADK {@link Event} is written as a session event and read back.
 *
 * <p>The event's ADK JSON goes to the session event's data, marked with the metadata entry {@value #FORMAT_KEY}, and
 * reads back {@code equals} to the event (content parts, function calls and responses, actions...). Its state delta
 * is the session event's own delta instead: applied by the store with the write, without the {@code temp:} keys,
 * which are never persisted. The text parts are also the session event's content, for readers that are not ADK. An
 * event written by other means reads back as an ADK event of its author, text, time and state delta.
 *
 * <p>A {@code COMPACTION} event (written by {@code SessionManager.compact} or the configured policy) reads back as
 * ADK's own compaction event: an {@link EventCompaction} whose content is the summary, as the model's words, and whose
 * time range covers every event the summary stands for (the summary carries on the ones before it, so the range
 * starts at 0). ADK's request builder then sends the summary in place of those events.
 */
final class AdkEvents {

    /** The metadata key that marks a session event whose data is an ADK event. */
    static final String FORMAT_KEY = "adk";

    private static final String FORMAT = "event";

    /**
     * ADK's own mapper, leaving out the state delta: its {@code temp:} values may be anything, and the rest is the
     * stored event's own delta.
     */
    private static final ObjectMapper EVENT_WRITER = JsonBaseModel.getMapper()
        .copy()
        .addMixIn(EventActions.class, WithoutStateDelta.class);

    private AdkEvents() {
    }

    /**
     * The session event that stores an ADK event.
     * @param event the event
     * @return the event to append
     */
    static NewEvent toNewEvent(Event event) {
        Map<String, @Nullable Object> delta = AdkState.toStore(
                (event.actions() != null) ? event.actions().stateDelta() : null);
        return new NewEvent(event.id(), type(event, delta), event.author(), text(event), json(event), delta,
                Map.of(FORMAT_KEY, FORMAT), Instant.ofEpochMilli(event.timestamp()));
    }

    /**
     * The ADK event a session event stores.
     * @param ref the session, for the error message
     * @param event the stored event
     * @return the ADK event
     * @throws SessionDataCorruptedException if the stored ADK JSON cannot be read as an event
     */
    static Event toEvent(SessionRef ref, SessionEvent event) {
        JsonNode data = event.data();
        if (data == null || !FORMAT.equals(event.metadata().get(FORMAT_KEY))) {
            return foreignEvent(event);
        }
        try {
            ObjectNode json = (ObjectNode) data;
            // The store's id: the event may have had none when it was written.
            json.put("id", event.id());
            ObjectNode actions = (json.get("actions") instanceof ObjectNode node) ? node : json.putObject("actions");
            actions.set("stateDelta", JsonMapper.shared().valueToTree(event.stateDelta()));
            return Event.fromJson(json.toString());
        }
        catch (RuntimeException ex) {
            throw new SessionDataCorruptedException(ref, "ADK event " + event.id(), ex);
        }
    }

    /**
     * The ADK events of session events read together, oldest first; see {@link #toEvent(SessionRef, SessionEvent)}.
     * @param ref the session, for error messages
     * @param events the stored events, as one read returned them
     * @return the ADK events, in the same order
     * @throws SessionDataCorruptedException if a stored ADK JSON cannot be read as an event
     */
    static List<Event> toEvents(SessionRef ref, List<SessionEvent> events) {
        List<Event> converted = new ArrayList<>(events.size());
        for (SessionEvent event : events) {
            converted.add((event.type() == EventType.COMPACTION && event.metadata().get(FORMAT_KEY) == null)
                    ? compactionEvent(event, Compaction.of(event), events) : toEvent(ref, event));
        }
        return converted;
    }

    /**
     * ADK's form of a compaction. ADK leaves out of the model's request every event whose time is within the range,
     * so the range ends at the latest event read that the summary stands for, and before the earliest event read
     * after it (an event of the same millisecond as the last summarized one is sent rather than lost); when the read
     * holds neither, just before the compaction itself.
     */
    private static Event compactionEvent(SessionEvent event, Compaction compaction, List<SessionEvent> read) {
        long lastCovered = Long.MIN_VALUE;
        long firstAfter = Long.MAX_VALUE;
        for (SessionEvent other : read) {
            if (other.type() == EventType.COMPACTION) {
                continue;
            }
            long millis = other.timestamp().toEpochMilli();
            if (other.seq() <= compaction.toSeq()) {
                lastCovered = Math.max(lastCovered, millis);
            }
            else {
                firstAfter = Math.min(firstAfter, millis);
            }
        }
        long end;
        if (lastCovered == Long.MIN_VALUE) {
            end = (firstAfter != Long.MAX_VALUE) ? firstAfter - 1 : event.timestamp().toEpochMilli() - 1;
        }
        else {
            end = (firstAfter != Long.MAX_VALUE) ? Math.min(lastCovered, firstAfter - 1) : lastCovered;
        }
        EventCompaction range = EventCompaction.builder()
            .startTimestamp(0)
            .endTimestamp(end)
            .compactedContent(Content.builder().role("model").parts(Part.fromText(compaction.summary())).build())
            .build();
        return Event.builder()
            .id(event.id())
            .invocationId("")
            .author(event.author())
            .timestamp(event.timestamp().toEpochMilli())
            .actions(EventActions.builder().compaction(range).build())
            .build();
    }

    /**
     * An event that another writer stored: its text (as the user's or the model's content), author, time and delta.
     */
    private static Event foreignEvent(SessionEvent event) {
        Event.Builder builder = Event.builder()
            .id(event.id())
            .invocationId("")
            .author(event.author())
            .timestamp(event.timestamp().toEpochMilli())
            .actions(EventActions.builder().stateDelta(AdkState.toAdk(event.stateDelta())).build());
        if (event.content() != null) {
            builder.content(Content.builder()
                .role("user".equals(event.author()) ? "user" : "model")
                .parts(Part.fromText(event.content()))
                .build());
        }
        return builder.build();
    }

    private static JsonNode json(Event event) {
        // ADK writes its JSON with Jackson 2, the store keeps Jackson 3 trees: the text is the common ground.
        try {
            return JsonMapper.shared().readTree(EVENT_WRITER.writeValueAsString(event));
        }
        catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("The ADK event cannot be written as JSON: " + ex.getOriginalMessage(),
                    ex);
        }
    }

    private static EventType type(Event event, Map<String, @Nullable Object> delta) {
        if (!event.functionCalls().isEmpty()) {
            return EventType.TOOL_CALL;
        }
        if (!event.functionResponses().isEmpty()) {
            return EventType.TOOL_RESULT;
        }
        if (text(event) != null) {
            return EventType.MESSAGE;
        }
        return (event.content().isEmpty() && !delta.isEmpty()) ? EventType.STATE : EventType.CUSTOM;
    }

    private static @Nullable String text(Event event) {
        List<String> texts = event.content()
            .flatMap(Content::parts)
            .orElse(List.of())
            .stream()
            .map(Part::text)
            .flatMap(Optional::stream)
            .toList();
        return texts.isEmpty() ? null : String.join("\n", texts);
    }

    @JsonIgnoreProperties("stateDelta")
    private abstract static class WithoutStateDelta {

    }
}
