package dev.agentsession.state;

/**
 * Who shares a state key, told by its prefix. The prefix stays part of the key everywhere.
 */
public enum StateScope {

    /** {@code app:} keys, shared by every user of the app within the tenant. */
    APP("app:"),

    /** {@code user:} keys, shared by all sessions of one user in the app. */
    USER("user:"),

    /** {@code temp:} keys, never stored: visible only in the snapshot the writing call returns. */
    TEMP("temp:"),

    /** Keys without a known prefix, owned by the session. */
    SESSION("");

    private final String prefix;

    StateScope(String prefix) {
        this.prefix = prefix;
    }

    /**
     * The key prefix of this scope (empty for {@link #SESSION}).
     * @return the prefix
     */
    public String prefix() {
        return this.prefix;
    }

    /**
     * The scope a key belongs to.
     * @param key the state key
     * @return its scope
     */
    public static StateScope of(String key) {
        if (key.startsWith(APP.prefix)) {
            return APP;
        }
        if (key.startsWith(USER.prefix)) {
            return USER;
        }
        if (key.startsWith(TEMP.prefix)) {
            return TEMP;
        }
        return SESSION;
    }
}
