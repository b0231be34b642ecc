package dev.agentsession;

/**
 * The rules every identifier and key obeys, the same on every backend (SPEC 2 and 3.5). An identifier (tenant,
 * app, user, session and event ids, authors, document keys, reply-scope parts) is an opaque string of 1 to
 * {@value #MAX_LENGTH} characters; a state key has 1 to {@value #MAX_STATE_KEY_LENGTH} characters, its prefix
 * included. Both are valid Unicode (no unpaired surrogate, which UTF-8 cannot encode, so two ids differing only
 * there would be one id in a database) without control characters (U+0000 cannot be stored in PostgreSQL text).
 * Backends compare them exactly, character by character.
 */
public final class Identifiers {

    /** The longest identifier accepted, in characters. */
    public static final int MAX_LENGTH = 256;

    /** The longest state key accepted, in characters, its scope prefix included. */
    public static final int MAX_STATE_KEY_LENGTH = 512;

    private Identifiers() {
    }

    /**
     * Checks an identifier and returns it.
     * @param name what the identifier is, for the error message (for example {@code "sessionId"})
     * @param value the identifier to check
     * @return {@code value}
     * @throws IllegalArgumentException if the value is null, empty, longer than {@value #MAX_LENGTH}
     * characters, contains a control character or an unpaired surrogate
     */
    public static String requireValid(String name, String value) {
        return requireValid(name, value, MAX_LENGTH);
    }

    /**
     * Checks a state key and returns it.
     * @param key the key to check
     * @return {@code key}
     * @throws IllegalArgumentException if the key is null, empty, longer than {@value #MAX_STATE_KEY_LENGTH}
     * characters, contains a control character or an unpaired surrogate
     */
    public static String requireValidStateKey(String key) {
        return requireValid("state key", key, MAX_STATE_KEY_LENGTH);
    }

    private static String requireValid(String name, String value, int maxLength) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.isEmpty() || value.length() > maxLength) {
            throw new IllegalArgumentException(
                    name + " must be 1 to " + maxLength + " characters long, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(name + " must not contain control characters (found U+%04X at index %d)"
                    .formatted((int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            }
            else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(
                        name + " must be valid Unicode (unpaired surrogate U+%04X at index %d)".formatted((int) c, i));
            }
        }
        return value;
    }
}
