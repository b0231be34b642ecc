package dev.agentsession.redis;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A record hash as a script returned it, read by {@link HashField}. A missing required field, or a number or
 * time that does not parse, raises {@link IllegalArgumentException}: the caller reports the record corrupt.
 *
 * @param fields the fields and their values
 */
record StoredHash(Map<String, String> fields) {

    /**
     * Copies the fields.
     */
    StoredHash {
        fields = Map.copyOf(fields);
    }

    /**
     * A hash returned as a flat list of fields and values, the form of {@code HGETALL}.
     * @param flat the list
     * @return the hash
     */
    static StoredHash of(Object flat) {
        return new StoredHash(ScriptValues.pairs(flat));
    }

    /**
     * Whether the hash has no field, which is how Redis answers for a missing key.
     * @return {@code true} if empty
     */
    boolean isEmpty() {
        return this.fields.isEmpty();
    }

    /**
     * A field that may be absent.
     * @param field the field
     * @return its value, or {@code null}
     */
    @Nullable String get(HashField field) {
        return this.fields.get(field.field());
    }

    /**
     * A field every record has.
     * @param field the field
     * @return its value
     * @throws IllegalArgumentException if it is missing
     */
    String required(HashField field) {
        String value = get(field);
        if (value == null) {
            throw new IllegalArgumentException("field '" + field.field() + "' is missing");
        }
        return value;
    }

    /**
     * A number every record has.
     * @param field the field
     * @return its value
     * @throws IllegalArgumentException if it is missing or not a number
     */
    long requiredLong(HashField field) {
        return Long.parseLong(required(field));
    }

    /**
     * A time every record has.
     * @param field the field
     * @return its value
     * @throws IllegalArgumentException if it is missing or not a time
     */
    Instant requiredInstant(HashField field) {
        return ScriptValues.instant(required(field));
    }

    /**
     * A time that may be absent.
     * @param field the field
     * @return its value, or {@code null}
     * @throws IllegalArgumentException if it is present but not a time
     */
    @Nullable Instant optionalInstant(HashField field) {
        String value = get(field);
        return (value != null) ? ScriptValues.instant(value) : null;
    }
}
