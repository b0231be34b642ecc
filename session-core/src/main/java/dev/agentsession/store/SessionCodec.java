package dev.agentsession.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.agentsession.flow.FlowState;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of everything a store persists: events, state values, metadata and flow snapshots.
 * Reading a record that does not parse raises {@link SessionDataCorruptedException} naming the session.
 */
public final class SessionCodec {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private static final TypeReference<Map<String, Object>> OBJECT_MAP = new TypeReference<>() {
    };

    private final JsonMapper mapper;

    /**
     * A codec on a default {@link JsonMapper}.
     */
    public SessionCodec() {
        this(JsonMapper.builder().build());
    }

    /**
     * A codec on the given mapper.
     * @param mapper the mapper
     */
    public SessionCodec(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
    }

    /**
     * The mapper this codec writes with.
     * @return the mapper
     */
    public JsonMapper mapper() {
        return this.mapper;
    }

    /**
     * Serializes an event.
     * @param event the event
     * @return its JSON
     */
    public String writeEvent(SessionEvent event) {
        return this.mapper.writeValueAsString(event);
    }

    /**
     * The size of an event's JSON in UTF-8 bytes, the size the event limit applies to.
     * @param event the event
     * @return the size
     */
    public long sizeOf(SessionEvent event) {
        return writeEvent(event).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Reads an event.
     * @param ref the session it belongs to, named by the error if it does not parse
     * @param json the JSON
     * @return the event
     */
    public SessionEvent readEvent(SessionRef ref, String json) {
        return read(ref, "event", () -> this.mapper.readValue(json, SessionEvent.class));
    }

    /**
     * Serializes one state value or document.
     * @param value the value
     * @return its JSON
     */
    public String writeValue(@Nullable Object value) {
        return this.mapper.writeValueAsString(value);
    }

    /**
     * Reads one state value.
     * @param ref the session it is read for, or {@code null}
     * @param what which value, for the error message
     * @param json the JSON
     * @return the value
     */
    public Object readValue(@Nullable SessionRef ref, String what, String json) {
        Object value = read(ref, what, () -> this.mapper.readValue(json, Object.class));
        if (value == null) {
            throw new SessionDataCorruptedException(ref, what, null);
        }
        return value;
    }

    /**
     * Reads a JSON object as a map.
     * @param ref the session it is read for, or {@code null}
     * @param what which record, for the error message
     * @param json the JSON
     * @return the map
     */
    public Map<String, Object> readObject(@Nullable SessionRef ref, String what, String json) {
        return read(ref, what, () -> this.mapper.readValue(json, OBJECT_MAP));
    }

    /**
     * Reads a JSON object of strings, such as metadata.
     * @param ref the session it is read for
     * @param what which record, for the error message
     * @param json the JSON
     * @return the map
     */
    public Map<String, String> readStringMap(SessionRef ref, String what, String json) {
        return read(ref, what, () -> this.mapper.readValue(json, STRING_MAP));
    }

    /**
     * Serializes a flow state.
     * @param flow the flow state
     * @return its JSON
     */
    public String writeFlow(FlowState flow) {
        return this.mapper.writeValueAsString(flow);
    }

    /**
     * Reads a flow state.
     * @param ref the session it belongs to
     * @param json the JSON
     * @return the flow state
     */
    public FlowState readFlow(SessionRef ref, String json) {
        return read(ref, "flow state", () -> this.mapper.readValue(json, FlowState.class));
    }

    /**
     * Turns an application value into the plain JSON form every store returns (maps, lists, strings,
     * numbers, booleans), so that a value reads back the same from every store.
     * @param key the state key, for the error message
     * @param value the value
     * @return the plain value, or {@code null} for {@code null}
     * @throws IllegalArgumentException if the value cannot be written as JSON
     */
    public @Nullable Object normalize(String key, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode tree = this.mapper.valueToTree(value);
            return freeze(this.mapper.treeToValue(tree, Object.class));
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("State value of '" + key + "' cannot be written as JSON: "
                    + ex.getOriginalMessage(), ex);
        }
    }

    /**
     * Normalizes a document: its values as {@link #normalize(String, Object)} does.
     * @param document the document
     * @return an unmodifiable copy in plain JSON form
     * @throws IllegalArgumentException if a value cannot be written as JSON
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> normalizeDocument(Map<String, ?> document) {
        return (Map<String, Object>) Objects.requireNonNull(normalize("document", document));
    }

    /**
     * Normalizes every value of a map with {@link #normalize(String, Object)}.
     * @param values the map
     * @return a new map, keeping {@code null} values
     */
    public Map<String, @Nullable Object> normalizeAll(Map<String, ? extends @Nullable Object> values) {
        Map<String, @Nullable Object> normalized = new LinkedHashMap<>(values.size());
        values.forEach((key, value) -> normalized.put(key, normalize(key, value)));
        return normalized;
    }

    /**
     * Makes a plain JSON value deeply unmodifiable, so that a snapshot cannot change what a store holds.
     */
    private static @Nullable Object freeze(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, @Nullable Object> copy = new LinkedHashMap<>(map.size());
            map.forEach((key, item) -> copy.put(key, freeze(item)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<@Nullable Object> copy = new ArrayList<>(list.size());
            list.forEach((item) -> copy.add(freeze(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    private <T> T read(@Nullable SessionRef ref, String what, JsonRead<T> read) {
        try {
            return read.read();
        }
        catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
            throw new SessionDataCorruptedException(ref, what, ex);
        }
    }

    @FunctionalInterface
    private interface JsonRead<T> {

        T read();

    }
}
