package dev.agentsession.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.agentsession.ValueLimits;
import dev.agentsession.ValueShape;
import dev.agentsession.flow.FlowState;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.ErrorReportConfiguration;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of everything a store persists: events, state values, metadata, flow snapshots, wait payloads
 * and documents. Reading a record that does not parse raises {@link SessionDataCorruptedException} naming the
 * session, with no stored content in the message or its cause.
 *
 * <p>It reads under the limits it writes under, both taken from one {@link ValueLimits}, and
 * {@link #normalize(String, Object)} gives a value exactly the form every store reads back, by writing and
 * reading it: what the manager accepts is what every backend returns. The types read back are:
 * <ul>
 * <li>objects: unmodifiable {@code Map<String, Object>} keeping the order of the properties;</li>
 * <li>arrays: unmodifiable {@code List<Object>};</li>
 * <li>strings, {@code true}/{@code false} and {@code null} as themselves;</li>
 * <li>integers (no fraction, no exponent): {@code Integer} if it fits, else {@code Long}, else {@code BigInteger},
 * with every digit;</li>
 * <li>every other number (a fraction or an exponent): {@code Double} when the double's shortest form
 * ({@link Double#toString(double)}) is exactly the number written, digits and scale, else {@code BigDecimal}
 * with every digit and the scale written (see {@link #decimal(BigDecimal)}). So {@code 1.5d}, {@code 0.1f}
 * and {@code new BigDecimal("2.5")} read back as the doubles {@code 1.5}, {@code 0.1} and {@code 2.5}, while
 * {@code new BigDecimal("1.50")}, {@code new BigDecimal("1E+3")} and a decimal of more digits than a double
 * holds read back as that {@code BigDecimal}; {@code -0.0} reads back as {@code 0.0};</li>
 * <li>any other object: the value of its JSON form by these rules (dates as ISO-8601 strings).</li>
 * </ul>
 * In JSON trees ({@link JsonNode}) the same rule gives int, long, big-integer, double and decimal nodes. NaN, the
 * infinities and binary data ({@code byte[]}) are refused: JSON has none of them.
 */
public final class SessionCodec {

    /**
     * How much deeper a stored record may be than the values in it: an event holds a state value two levels
     * down (the event, its state delta), a Redis wait holds a flow snapshot two levels down.
     */
    static final int RECORD_ENVELOPE_DEPTH = 4;

    /** More than the bytes of an event's JSON outside its strings' characters. */
    static final int EVENT_ENVELOPE_BYTES = 512;

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private static final TypeReference<Map<String, Object>> OBJECT_MAP = new TypeReference<>() {
    };

    private final ValueLimits limits;

    private final JsonMapper mapper;

    private final JsonMapper valueMapper;

    private final EventRecordReader events;

    /**
     * A codec with {@link ValueLimits#DEFAULT the default limits}.
     */
    public SessionCodec() {
        this(ValueLimits.DEFAULT);
    }

    /**
     * A codec with the given limits.
     * @param limits the limits values are written and read under
     */
    public SessionCodec(ValueLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits must not be null");
        this.mapper = mapper(limits, limits.maxDepth() + RECORD_ENVELOPE_DEPTH);
        this.valueMapper = mapper(limits, limits.maxDepth());
        this.events = new EventRecordReader(this.mapper, SessionCodec::freeze);
    }

    private static JsonMapper mapper(ValueLimits limits, int depth) {
        JsonFactory factory = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(depth)
                .maxNumberLength(limits.maxNumberLength())
                .maxStringLength(limits.maxStringLength())
                .maxNameLength(limits.maxNameLength())
                .build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(depth).build())
            // Parse errors would otherwise quote the record, which holds conversation content.
            .errorReportConfiguration(ErrorReportConfiguration.builder()
                .maxRawContentLength(0)
                .maxErrorTokenLength(0)
                .build())
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .addDecorator(new PortableJson())
            .build();
        // Decimals are read exactly (as BigDecimal), then turned into what decimal(BigDecimal) says.
        return JsonMapper.builder(factory)
            .nodeFactory(new ReadBackNodeFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    }

    /**
     * The number a decimal (a JSON number with a fraction or an exponent) reads back as: the {@code Double} of
     * the same value when its shortest form ({@link Double#toString(double)}) has exactly the digits and scale
     * written, so that nothing is lost, else the {@code BigDecimal} itself.
     * @param written the decimal as written
     * @return a {@code Double} or {@code written}
     */
    public static Number decimal(BigDecimal written) {
        double value = written.doubleValue();
        if (Double.isFinite(value) && new BigDecimal(Double.toString(value)).equals(written)) {
            return value;
        }
        return written;
    }

    /**
     * The limits this codec writes and reads under.
     * @return the limits
     */
    public ValueLimits limits() {
        return this.limits;
    }

    /**
     * The mapper this codec writes and reads records with.
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
     * @throws IllegalArgumentException if the event cannot be written as JSON in UTF-8 (an unpaired surrogate)
     */
    public long sizeOf(SessionEvent event) {
        try {
            return this.mapper.writeValueAsBytes(event).length;
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException(
                    "Event '" + event.id() + "' cannot be written as JSON: " + ex.getOriginalMessage());
        }
    }

    /**
     * A bound on the size of an event's JSON in UTF-8 bytes that costs no serialization: at least
     * {@link #sizeOf(SessionEvent)} for an event of plain text (no data, no state delta, well-formed strings), and
     * {@link Long#MAX_VALUE} for any other event, whose size only {@link #sizeOf(SessionEvent)} tells. A string of
     * n chars takes at most 6n bytes in JSON (an escape {@code \u0000} is 6 bytes, a char encoded in UTF-8 at most
     * 3), and the rest of the record (names, punctuation, seq, type and timestamp) less than
     * {@value #EVENT_ENVELOPE_BYTES}.
     * @param event the event
     * @return a bound, or {@link Long#MAX_VALUE}
     */
    public long sizeUpperBound(SessionEvent event) {
        if (event.data() != null || !event.stateDelta().isEmpty()) {
            return Long.MAX_VALUE;
        }
        long chars = textChars(event.id()) + textChars(event.author())
                + ((event.content() != null) ? textChars(event.content()) : 0);
        for (Map.Entry<String, String> entry : event.metadata().entrySet()) {
            // Each entry adds its two strings, their quotes, a colon and a comma: at most 6 bytes.
            chars += textChars(entry.getKey()) + textChars(entry.getValue()) + 1;
        }
        return (chars < 0) ? Long.MAX_VALUE : EVENT_ENVELOPE_BYTES + 6 * chars;
    }

    /**
     * The length of a well-formed string, or a large negative number (so that any sum stays negative) if it holds
     * an unpaired surrogate, which only the writer's error reports.
     */
    private static long textChars(String text) {
        return isWellFormed(text) ? text.length() : Integer.MIN_VALUE;
    }

    private static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                }
                else {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Reads an event.
     * @param ref the session it belongs to, named by the error if it does not parse
     * @param json the JSON
     * @return the event
     */
    public SessionEvent readEvent(SessionRef ref, String json) {
        return read(ref, "event", () -> this.events.read(json));
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
     * @return the value, in the form {@link #normalize(String, Object)} gives
     */
    public Object readValue(@Nullable SessionRef ref, String what, String json) {
        Object value = read(ref, what, () -> freeze(this.mapper.readValue(json, Object.class)));
        if (value == null) {
            throw new SessionDataCorruptedException(ref, what, null);
        }
        return value;
    }

    /**
     * Reads a JSON tree, such as a wait payload.
     * @param ref the session it is read for, or {@code null}
     * @param what which record, for the error message
     * @param json the JSON
     * @return the tree
     */
    public JsonNode readTree(@Nullable SessionRef ref, String what, String json) {
        return read(ref, what, () -> this.mapper.readTree(json));
    }

    /**
     * Reads a JSON object as a map.
     * @param ref the session it is read for, or {@code null}
     * @param what which record, for the error message
     * @param json the JSON
     * @return the map
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> readObject(@Nullable SessionRef ref, String what, String json) {
        return read(ref, what, () -> (Map<String, Object>) Objects
            .requireNonNull(freeze(this.mapper.readValue(json, OBJECT_MAP)), "a null object"));
    }

    /**
     * Reads a JSON object of strings, such as metadata.
     * @param ref the session it is read for
     * @param what which record, for the error message
     * @param json the JSON
     * @return the map
     */
    public Map<String, String> readStringMap(SessionRef ref, String what, String json) {
        return read(ref, what, () -> Map.copyOf(this.mapper.readValue(json, STRING_MAP)));
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
     * Turns an application value into the plain JSON form every store returns (see the class documentation),
     * by writing and reading it under this codec's limits.
     * @param what what the value is, for the error message (never the value itself)
     * @param value the value
     * @return the plain, deeply unmodifiable value, or {@code null} for {@code null}
     * @throws IllegalArgumentException if the value is outside the limits or cannot be written as JSON
     */
    public @Nullable Object normalize(String what, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text && isPlainString(text)) {
            // What the round trip would return, without writing and parsing it.
            return text;
        }
        return freeze(roundTrip(what, value, Object.class));
    }

    /**
     * Like {@link #normalize(String, Object)} for a JSON tree (event data, a flow snapshot, a wait payload).
     * @param what what the tree is, for the error message
     * @param tree the tree
     * @return a tree of the form every store reads back
     * @throws IllegalArgumentException if the tree is outside the limits
     */
    public JsonNode normalizeTree(String what, JsonNode tree) {
        return roundTrip(what, tree, JsonNode.class);
    }

    /**
     * Normalizes a document: its values as {@link #normalize(String, Object)} does.
     * @param document the document
     * @return an unmodifiable copy in plain JSON form
     * @throws IllegalArgumentException if the document is outside the limits
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
        values.forEach((key, value) -> normalized.put(key, normalize("state value of '" + key + "'", value)));
        return normalized;
    }

    /**
     * Whether a string reads back as itself under the limits: well-formed, within the string limit, and within
     * the size limit even if every char took 6 bytes. A string that is not plain takes the round trip, which
     * refuses it with the writer's or reader's message, or returns it.
     */
    private boolean isPlainString(String text) {
        // 3 chars per char: the limit holds whether the reader counts chars or UTF-8 bytes.
        return 3L * text.length() <= this.limits.maxStringLength()
                && 6L * text.length() + 2 <= this.limits.maxSize() && isWellFormed(text);
    }

    private <T> T roundTrip(String what, Object value, Class<T> type) {
        // Walked first without recursion: Jackson's writers recurse, and a value containing itself never ends.
        ValueShape.requireBounded(what, value, this.limits.maxDepth(), this.limits.maxSize());
        byte[] json;
        try {
            json = this.valueMapper.writeValueAsBytes(value);
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException(what + " cannot be written as JSON: " + ex.getOriginalMessage(), ex);
        }
        if (json.length > this.limits.maxSize()) {
            throw new IllegalArgumentException(what + " is " + json.length + " bytes as JSON, more than the limit of "
                    + this.limits.maxSize());
        }
        try {
            return this.valueMapper.readValue(json, type);
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException(what + " is outside the limits every store reads back: "
                    + ex.getOriginalMessage(), ex);
        }
    }

    /**
     * Makes a plain JSON value deeply unmodifiable, so that a snapshot cannot change what a store holds, with
     * its decimals as {@link #decimal(BigDecimal)} says.
     */
    private static @Nullable Object freeze(@Nullable Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal(decimal);
        }
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
