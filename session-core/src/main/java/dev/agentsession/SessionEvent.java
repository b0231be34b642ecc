package dev.agentsession;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.agentsession.state.StateMaps;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One stored entry of a session's history. Events are written once and never rewritten.
 *
 * @param seq the position in the session, assigned by the store: 1, 2, 3… without gaps
 * @param id the event id, unique within the session; appending an id again returns the stored event
 * @param type what the event records
 * @param author who produced it: {@code user}, {@code assistant}, {@code system}, {@code tool} or an agent's name
 * @param content the text, if any
 * @param data structured content such as tool calls or tool results, if any
 * @param stateDelta the state changes this event applied ({@code null} values deleted keys; {@code temp:}
 * keys are never stored)
 * @param metadata free-form string attributes
 * @param timestamp when the event happened
 */
public record SessionEvent(long seq, String id, EventType type, String author, @Nullable String content,
        @Nullable JsonNode data, Map<String, @Nullable Object> stateDelta, Map<String, String> metadata,
        Instant timestamp) {

    /**
     * Checks the arguments and takes immutable copies of the maps and of {@code data}.
     */
    public SessionEvent {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative, was " + seq);
        }
        Identifiers.requireValid("event id", id);
        Objects.requireNonNull(type, "type must not be null");
        Identifiers.requireValid("author", author);
        // A JSON null read back from a store is the absence of data, as when the event was written.
        // Bounded before the recursive copy, so a self-containing or too deep tree is an argument error.
        ValueShape.requireBounded("event data", data, ValueLimits.DEPTH_CEILING, Long.MAX_VALUE);
        data = (data != null && !data.isNull() && !data.isMissingNode()) ? data.deepCopy() : null;
        stateDelta = StateMaps.copyOf(Objects.requireNonNull(stateDelta, "stateDelta must not be null"));
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata must not be null"));
        Objects.requireNonNull(timestamp, "timestamp must not be null");
    }

    /**
     * Returns a copy of the structured content, so that the stored event cannot be changed through it.
     * @return the structured content, or {@code null}
     */
    @Override
    public @Nullable JsonNode data() {
        return (this.data != null) ? this.data.deepCopy() : null;
    }

    /**
     * The same event at another position; used by stores when they assign the sequence number.
     * @param seq the sequence number
     * @return the event with that sequence number
     */
    public SessionEvent withSeq(long seq) {
        return new SessionEvent(seq, this.id, this.type, this.author, this.content, this.data, this.stateDelta,
                this.metadata, this.timestamp);
    }

    /**
     * The same event with another state delta; used to drop keys that must not be stored.
     * @param stateDelta the delta
     * @return the event with that delta
     */
    public SessionEvent withStateDelta(Map<String, ? extends @Nullable Object> stateDelta) {
        return new SessionEvent(this.seq, this.id, this.type, this.author, this.content, this.data,
                StateMaps.copyOf(stateDelta), this.metadata, this.timestamp);
    }
}
