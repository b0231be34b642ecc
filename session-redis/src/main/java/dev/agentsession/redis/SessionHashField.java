package dev.agentsession.redis;

/**
 * The fields of a session's own hash ({@code ...:m}, see {@link RedisKeys}). The scripts know them as
 * {@code META_<constant>}, declared by {@link LuaPrelude}.
 */
enum SessionHashField implements HashField {

    /** The version, 1 on create and advanced by every write. */
    VERSION("v"),

    /** The status, a {@link SessionStatusCode}. */
    STATUS("st"),

    /** The metadata as a JSON object of strings. */
    METADATA("md"),

    /** The creation time in epoch microseconds. */
    CREATED_AT("ca"),

    /** The time of the last write in epoch microseconds. */
    UPDATED_AT("ua"),

    /** The expiry time in epoch microseconds; absent when the session does not expire. */
    EXPIRES_AT("ea"),

    /** The number of events, which is also the seq of the last one. */
    EVENT_COUNT("n"),

    /** The session's current member in the listing indexes, so a write can move it. */
    INDEX_MEMBER("ix"),

    /** The JSON of the session's {@code FlowState}; absent when it has none. */
    FLOW("fl"),

    /**
     * The session-scope state given at creation, a JSON object, which rewinds and forks rebuild the state from;
     * absent on a session created before rewind existed (rebuilt from an empty state).
     */
    INITIAL_STATE("is"),

    /** The ranges rewinds took out of the effective history, {@code [[from,to],...]}; absent when none. */
    REWOUND("rw"),

    /** The last fencing token issued for the session's run lease; absent before the first lease. */
    LEASE_TOKEN("lk"),

    /** When the run lease expires, in epoch microseconds; absent once released, or before the first lease. */
    LEASE_EXPIRES_AT("lx"),

    /** Who took the run lease, for diagnostics; absent once released. */
    LEASE_OWNER("lw"),

    /**
     * The seq of the latest {@code COMPACTION} event, where {@code EventWindow.context()} starts reading; absent
     * when the session has none.
     */
    COMPACTION_SEQ("cs"),

    /** The first event history retention kept; absent until it removes events. */
    FIRST_SEQ("fs");

    private final String field;

    SessionHashField(String field) {
        this.field = field;
    }

    @Override
    public String field() {
        return this.field;
    }
}
