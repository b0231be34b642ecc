package dev.agentsession.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.agentsession.EventType;
import dev.agentsession.SessionEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a stored event's JSON field by field into one {@link SessionEvent}. Every read of a session decodes each
 * event it returns, and binding the record through its constructor, then building it again with the delta's values
 * made unmodifiable, cost most of a JDBC read of twenty events on an embedded database. The structured parts (data,
 * state delta, metadata) are still read by the codec's mapper, so numbers, limits and errors are the same as for
 * every other record; fields that are not the event's are skipped, as the mapper skips them.
 */
final class EventRecordReader {

    private static final TypeReference<LinkedHashMap<String, @Nullable Object>> DELTA = new TypeReference<>() {
    };

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private final JsonMapper mapper;

    private final ObjectReader trees;

    private final ObjectReader deltas;

    private final ObjectReader metadata;

    private final ObjectReader instants;

    private final UnaryOperator<@Nullable Object> freeze;

    /**
     * Creates the reader.
     * @param mapper the codec's record mapper
     * @param freeze makes a delta value unmodifiable, its decimals as the codec reads them
     */
    EventRecordReader(JsonMapper mapper, UnaryOperator<@Nullable Object> freeze) {
        this.mapper = mapper;
        // Each reads one field's value and leaves the parser on the next field.
        ObjectReader fields = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.trees = fields.forType(JsonNode.class);
        this.deltas = fields.forType(DELTA);
        this.metadata = fields.forType(METADATA);
        this.instants = fields.forType(Instant.class);
        this.freeze = freeze;
    }

    /**
     * Reads an event.
     * @param json the stored JSON
     * @return the event
     * @throws IllegalArgumentException if the JSON is not an event (a missing or malformed field)
     * @throws tools.jackson.core.JacksonException if it is not JSON within the codec's limits
     */
    SessionEvent read(String json) {
        try (JsonParser parser = this.mapper.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("An event record is a JSON object");
            }
            long seq = 0;
            String id = null;
            EventType type = null;
            String author = null;
            String content = null;
            JsonNode data = null;
            Map<String, @Nullable Object> delta = Map.of();
            Map<String, String> labels = Map.of();
            Instant timestamp = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "seq" -> seq = number(parser, value, name);
                    case "id" -> id = text(parser, value, name);
                    case "type" -> type = EventType.valueOf(text(parser, value, name));
                    case "author" -> author = text(parser, value, name);
                    case "content" -> content = (value == JsonToken.VALUE_NULL) ? null : text(parser, value, name);
                    case "data" -> data = (value == JsonToken.VALUE_NULL) ? null : this.trees.readValue(parser);
                    case "stateDelta" -> delta = delta(parser);
                    case "metadata" -> labels = this.metadata.readValue(parser);
                    case "timestamp" -> timestamp = (value == JsonToken.VALUE_STRING) ? instant(parser.getString())
                            : this.instants.readValue(parser);
                    default -> parser.skipChildren();
                }
            }
            if (id == null || type == null || author == null || timestamp == null) {
                throw new IllegalArgumentException("An event record needs an id, a type, an author and a timestamp");
            }
            return new SessionEvent(seq, id, type, author, content, data, delta, labels, timestamp);
        }
    }

    private Map<String, @Nullable Object> delta(JsonParser parser) {
        LinkedHashMap<String, @Nullable Object> delta = this.deltas.readValue(parser);
        delta.replaceAll((key, value) -> this.freeze.apply(value));
        return delta;
    }

    /**
     * An ISO-8601 instant. The form the mapper writes ({@code 2026-11-23T15:30:39.556123Z}) is read directly:
     * {@link Instant#parse} goes through a general formatter and took half of the time of reading an event.
     */
    static Instant instant(String text) {
        if (isCanonical(text)) {
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            if (hour < 24 && minute < 60 && second < 60 && month >= 1 && month <= 12 && day >= 1
                    && day <= YearMonth.of(digits(text, 0, 4), month).lengthOfMonth()) {
                long epochDay = LocalDate.of(digits(text, 0, 4), month, day).toEpochDay();
                int fraction = (text.length() > 20) ? text.length() - 21 : 0;
                int nanos = digits(text, 20, 20 + fraction);
                for (int i = fraction; i < 9; i++) {
                    nanos *= 10;
                }
                return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
            }
        }
        try {
            return Instant.parse(text);
        }
        catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("The event field 'timestamp' is not an ISO-8601 instant", ex);
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ssZ}, or with a fraction of 1 to 9 digits before the {@code Z}. */
    private static boolean isCanonical(String text) {
        int length = text.length();
        if ((length != 20 && (length < 22 || length > 30)) || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z' || (length > 20 && text.charAt(19) != '.')) {
            return false;
        }
        for (int i = 0; i < length - 1; i++) {
            boolean separator = i == 4 || i == 7 || i == 10 || i == 13 || i == 16 || i == 19;
            if (!separator && (text.charAt(i) < '0' || text.charAt(i) > '9')) {
                return false;
            }
        }
        return true;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static long number(JsonParser parser, JsonToken value, String name) {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("The event field '" + name + "' is not an integer");
        }
        return parser.getLongValue();
    }

    private static String text(JsonParser parser, JsonToken value, String name) {
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("The event field '" + name + "' is not a string");
        }
        return parser.getString();
    }
}
