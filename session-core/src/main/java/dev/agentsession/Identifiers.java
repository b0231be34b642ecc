package dev.agentsession;

/**
 * The rules every identifier obeys (tenant, app, user, session and event ids, document keys): an opaque
 * string of 1 to 256 characters without control characters. Backends may rely on nothing more.
 */
public final class Identifiers {

    /** The longest identifier accepted, in characters. */
    public static final int MAX_LENGTH = 256;

    private Identifiers() {
    }

    /**
     * Checks an identifier and returns it.
     * @param name what the identifier is, for the error message (for example {@code "sessionId"})
     * @param value the identifier to check
     * @return {@code value}
     * @throws IllegalArgumentException if the value is null, empty, longer than {@value #MAX_LENGTH}
     * characters or contains a control character
     */
    public static String requireValid(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    name + " must be 1 to " + MAX_LENGTH + " characters long, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(
                        name + " must not contain control characters (found U+%04X at index %d)"
                                .formatted((int) value.charAt(i), i));
            }
        }
        return value;
    }
}
