package dev.agentsession.redis;

/**
 * The scope of one state change as the session scripts take it: which hash the change goes to. The scripts
 * know the codes as {@code SCOPE_<constant>}, declared by {@link LuaPrelude}.
 */
enum StateScopeCode {

    /** The session's own state. */
    SESSION("s"),

    /** The {@code user:} state of the session's user. */
    USER("u"),

    /** The {@code app:} state of the session's app. */
    APP("a");

    private final String code;

    StateScopeCode(String code) {
        this.code = code;
    }

    /**
     * The code the scripts take.
     * @return the code
     */
    String code() {
        return this.code;
    }
}
