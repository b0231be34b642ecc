package dev.agentsession;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.agentsession.state.StateMaps;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An event to append. The {@link SessionManager} fills in what is missing: an id when none is given (a
 * caller that may retry should give one, so that the retry is recognised) and the timestamp from its clock.
 *
 * @param id the event id, or {@code null} to have one generated
 * @param type what the event records
 * @param author who produced it
 * @param content the text, if any
 * @param data structured content such as a tool call, if any
 * @param stateDelta state changes to apply with the event; a {@code null} value deletes the key
 * @param metadata free-form string attributes
 * @param timestamp when it happened, or {@code null} for the manager's clock
 */
public record NewEvent(@Nullable String id, EventType type, String author, @Nullable String content,
        @Nullable JsonNode data, Map<String, @Nullable Object> stateDelta, Map<String, String> metadata,
        @Nullable Instant timestamp) {

    /**
     * Checks the arguments and takes immutable copies.
     */
    public NewEvent {
        if (id != null) {
            Identifiers.requireValid("event id", id);
        }
        Objects.requireNonNull(type, "type must not be null");
        Identifiers.requireValid("author", author);
        // A JSON null read back from a store is the absence of data, as when the event was written.
        // Bounded before the recursive copy, so a self-containing or too deep tree is an argument error.
        ValueShape.requireBounded("event data", data, ValueLimits.DEPTH_CEILING, Long.MAX_VALUE);
        data = (data != null && !data.isNull() && !data.isMissingNode()) ? data.deepCopy() : null;
        stateDelta = StateMaps.copyOf(Objects.requireNonNull(stateDelta, "stateDelta must not be null"));
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata must not be null"));
    }

    /**
     * A text message.
     * @param author who wrote it, for example {@code user} or {@code assistant}
     * @param content the text
     * @return the event
     */
    public static NewEvent message(String author, String content) {
        return new NewEvent(null, EventType.MESSAGE, author, content, null, Map.of(), Map.of(), null);
    }

    /**
     * A tool call.
     * @param author the agent that calls the tool
     * @param call the call: tool name, arguments, call id
     * @return the event
     */
    public static NewEvent toolCall(String author, JsonNode call) {
        return new NewEvent(null, EventType.TOOL_CALL, author, null, call, Map.of(), Map.of(), null);
    }

    /**
     * A tool result.
     * @param author the tool
     * @param result what the tool returned
     * @return the event
     */
    public static NewEvent toolResult(String author, JsonNode result) {
        return new NewEvent(null, EventType.TOOL_RESULT, author, null, result, Map.of(), Map.of(), null);
    }

    /**
     * A state change with no message.
     * @param author who changed the state
     * @param stateDelta the changes; a {@code null} value deletes the key
     * @return the event
     */
    public static NewEvent state(String author, Map<String, ? extends @Nullable Object> stateDelta) {
        return new NewEvent(null, EventType.STATE, author, null, null, StateMaps.copyOf(stateDelta), Map.of(), null);
    }

    /**
     * This event with a caller-chosen id, which makes a retried append idempotent.
     * @param id the id
     * @return the event with that id
     */
    public NewEvent withId(String id) {
        return new NewEvent(id, this.type, this.author, this.content, this.data, this.stateDelta, this.metadata,
                this.timestamp);
    }

    /**
     * This event with a state delta applied atomically with it.
     * @param stateDelta the changes; a {@code null} value deletes the key
     * @return the event with that delta
     */
    public NewEvent withStateDelta(Map<String, ? extends @Nullable Object> stateDelta) {
        return new NewEvent(this.id, this.type, this.author, this.content, this.data, StateMaps.copyOf(stateDelta),
                this.metadata, this.timestamp);
    }

    /**
     * This event with metadata.
     * @param metadata the attributes
     * @return the event with that metadata
     */
    public NewEvent withMetadata(Map<String, String> metadata) {
        return new NewEvent(this.id, this.type, this.author, this.content, this.data, this.stateDelta, metadata,
                this.timestamp);
    }

    /**
     * This event with structured content.
     * @param data the content
     * @return the event with that content
     */
    public NewEvent withData(JsonNode data) {
        return new NewEvent(this.id, this.type, this.author, this.content, data, this.stateDelta, this.metadata,
                this.timestamp);
    }

    /**
     * This event with an explicit timestamp instead of the manager's clock.
     * @param timestamp when it happened
     * @return the event with that timestamp
     */
    public NewEvent withTimestamp(Instant timestamp) {
        return new NewEvent(this.id, this.type, this.author, this.content, this.data, this.stateDelta, this.metadata,
                timestamp);
    }
}
