package dev.agentsession.redis;

/**
 * The status a session write or read script returns first in its reply. The scripts know the codes by the
 * constant names, declared by {@link LuaPrelude}.
 */
enum ScriptReply {

    /** The script did what it was asked. */
    OK(0),

    /** The session does not exist or has expired. */
    NOT_FOUND(1),

    /** The session is archived and takes no writes. */
    ARCHIVED(2),

    /** The expected version differs; the reply's second element is the stored version. */
    STALE(3),

    /** A live session with that ref exists already. */
    EXISTS(4);

    private final long code;

    ScriptReply(long code) {
        this.code = code;
    }

    /**
     * The code the scripts return.
     * @return the code
     */
    long code() {
        return this.code;
    }

    /**
     * The status of a code.
     * @param code the code
     * @return the status
     * @throws IllegalArgumentException if no status has that code
     */
    static ScriptReply of(long code) {
        for (ScriptReply reply : values()) {
            if (reply.code == code) {
                return reply;
            }
        }
        throw new IllegalArgumentException("Unknown script status " + code);
    }
}
