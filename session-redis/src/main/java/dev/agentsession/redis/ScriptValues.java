package dev.agentsession.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentsession.store.EpochMicros;
import org.jspecify.annotations.Nullable;

/**
 * The form of values exchanged with the Lua scripts: times as decimal epoch microseconds (passed through by
 * the scripts as the strings Java sent, so large values never meet Lua's doubles), expiries as that time plus
 * a relative key lifetime, hashes returned as flat field/value lists.
 */
final class ScriptValues {

    private ScriptValues() {
    }

    /**
     * A time as the scripts take it.
     */
    static String micros(Instant instant) {
        return String.valueOf(EpochMicros.of(instant));
    }

    /**
     * A fencing token as the write scripts take it, their last argument: empty for none.
     */
    static String fencingToken(@Nullable Long token) {
        return (token != null) ? token.toString() : "";
    }

    /**
     * A time as the scripts return it.
     * @throws NumberFormatException if {@code micros} is not a number
     */
    static Instant instant(String micros) {
        return EpochMicros.toInstant(Long.parseLong(micros));
    }

    /**
     * Adds an expiry as two arguments: the expiry time and the relative key lifetime in milliseconds for
     * {@code PEXPIRE}, both empty when nothing expires. The lifetime is relative to the {@code now} of the
     * command, so that a caller's clock that differs from the server's still yields the right lifetime.
     */
    static void addExpiry(List<String> args, Instant now, @Nullable Instant expiresAt) {
        if (expiresAt == null) {
            args.add("");
            args.add("");
            return;
        }
        args.add(micros(expiresAt));
        args.add(String.valueOf(ttlMillis(now, expiresAt)));
    }

    /**
     * The relative Redis expiry ({@code PEXPIRE}) of {@code expiresAt} seen from {@code now}: whole
     * milliseconds rounded up, at least 1.
     */
    static long ttlMillis(Instant now, Instant expiresAt) {
        Duration ttl = Duration.between(now, expiresAt);
        if (ttl.isNegative() || ttl.isZero()) {
            return 1;
        }
        long millis = ttl.toMillis();
        return ttl.minusMillis(millis).isZero() ? millis : millis + 1;
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
}
