package dev.agentsession.redis;

import java.util.List;
import java.util.Objects;

import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.StaleSessionException;
import org.jspecify.annotations.Nullable;

/**
 * The status a session write or read script returns first in its reply, and what it means to the caller.
 * The scripts know the codes by the constant names, declared by {@link LuaPrelude}.
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
    EXISTS(4),

    /** The session's version or event count is no number: its record cannot be written or read. */
    CORRUPT(5),

    /**
     * The session's run lease refuses the write; the reply's second element is the live lease's expiry in epoch
     * microseconds, or empty when no lease is live (the write's token is no longer held).
     */
    LEASED(6);

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
     * The status of a session script's reply.
     * @param reply the reply, its status code first
     * @return the status
     * @throws SessionStoreUnavailableException if the reply starts with no known status
     */
    static ScriptReply of(List<?> reply) {
        if (!reply.isEmpty() && reply.get(0) instanceof Long code) {
            for (ScriptReply status : values()) {
                if (status.code == code) {
                    return status;
                }
            }
        }
        throw new SessionStoreUnavailableException("Unexpected reply " + reply + " from a Redis script", null);
    }

    /**
     * The exception of a {@link #LEASED} reply.
     * @param ref the session
     * @param reply the reply: {@link #LEASED}, then the live lease's expiry or an empty string
     * @return the exception
     */
    static SessionLeasedException leased(SessionRef ref, List<?> reply) {
        String expiry = (reply.size() > 1) ? (String) reply.get(1) : "";
        return new SessionLeasedException(ref, (expiry == null || expiry.isEmpty()) ? null
                : ScriptValues.instant(expiry));
    }

    /**
     * Raises the exception that the status of a session write's reply stands for, if it is not {@link #OK}.
     * @param ref the session written
     * @param reply the reply: its status, and for {@link #STALE} the stored version
     * @param expectedVersion the version the write expected, {@code null} for none
     */
    static void check(SessionRef ref, List<?> reply, @Nullable Long expectedVersion) {
        switch (of(reply)) {
            case OK -> {
            }
            case NOT_FOUND -> throw new SessionNotFoundException(ref);
            case ARCHIVED -> throw new SessionArchivedException(ref);
            case STALE -> throw new StaleSessionException(ref, Objects.requireNonNull(expectedVersion),
                    Long.parseLong((String) reply.get(1)));
            case EXISTS -> throw new SessionAlreadyExistsException(ref);
            case CORRUPT -> throw new SessionDataCorruptedException(ref, "session record", null);
            case LEASED -> throw leased(ref, reply);
        }
    }
}
