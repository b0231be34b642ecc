package dev.agentsession.redis;

/**
 * The fields of an auth session's hash (see {@link RedisAuthKeys}). The scripts know them as
 * {@code AUTH_<constant>}, declared by {@link LuaPrelude}.
 */
enum AuthHashField implements HashField {

    /** The status: {@code P}ending or {@code A}ctive. */
    STATUS("st"),

    /** Whether the session is scoped: {@code 1} or {@code 0}. */
    SCOPED("sc"),

    /** The scopes as a JSON array. */
    SCOPES("sp"),

    /** The resolve uid; absent if none. */
    RESOLVE_UID("ru"),

    /**
     * The {@code AuthContext} sealed by the {@link dev.agentsession.auth.AuthContextCipher}; absent while
     * pending, never stored in clear.
     */
    CONTEXT("cx"),

    /** The creation time in epoch microseconds. */
    CREATED_AT("ca"),

    /** The expiry time in epoch microseconds; absent when the session does not expire. */
    EXPIRES_AT("ea");

    private final String field;

    AuthHashField(String field) {
        this.field = field;
    }

    @Override
    public String field() {
        return this.field;
    }
}
