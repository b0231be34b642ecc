package dev.agentsession.redis;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The form of values exchanged with the Lua scripts: times as decimal epoch microseconds, hashes returned as
 * flat field/value lists.
 */
final class ScriptValues {

    private ScriptValues() {
    }

    /**
     * A time as the scripts take it.
     */
    static String micros(Instant instant) {
        return String.valueOf(RedisKeys.micros(instant));
    }

    /**
     * A time as the scripts return it.
     */
    static Instant instant(String micros) {
        return RedisKeys.instant(Long.parseLong(micros));
    }

    /**
     * A hash returned by HGETALL as a flat list of fields and values.
     */
    static Map<String, String> pairs(Object flat) {
        List<?> list = (List<?>) flat;
        Map<String, String> map = new LinkedHashMap<>(list.size());
        for (int i = 0; i + 1 < list.size(); i += 2) {
            map.put((String) list.get(i), (String) list.get(i + 1));
        }
        return map;
    }

    /**
     * A field every record has; its absence means the record is corrupt.
     * @throws IllegalArgumentException if the field is missing
     */
    static String required(Map<String, String> fields, String field) {
        String value = fields.get(field);
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return value;
    }
}
