package dev.agentsession.redis;

import java.util.Objects;

import dev.agentsession.SessionStatus;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of a {@link SessionStatus} in the {@link SessionHashField#STATUS} field and in the status
 * filter of a listing. The scripts know the codes as {@code STATUS_<constant>}, declared by
 * {@link LuaPrelude}.
 */
enum SessionStatusCode {

    /** {@link SessionStatus#ACTIVE}. */
    ACTIVE("A", SessionStatus.ACTIVE),

    /** {@link SessionStatus#ARCHIVED}. */
    ARCHIVED("R", SessionStatus.ARCHIVED);

    private final String code;

    private final SessionStatus status;

    SessionStatusCode(String code, SessionStatus status) {
        this.code = code;
        this.status = status;
    }

    /**
     * The stored code.
     * @return the code
     */
    String code() {
        return this.code;
    }

    /**
     * The stored code of a status.
     * @param status the status
     * @return the code
     */
    static String codeOf(SessionStatus status) {
        Objects.requireNonNull(status, "status must not be null");
        for (SessionStatusCode candidate : values()) {
            if (candidate.status == status) {
                return candidate.code;
            }
        }
        throw new IllegalArgumentException("No stored code for status " + status);
    }

    /**
     * The status of a stored code.
     * @param code the code, or {@code null} if the field was missing
     * @return the status
     * @throws IllegalArgumentException if {@code code} is not a stored code
     */
    static SessionStatus statusOf(@Nullable String code) {
        for (SessionStatusCode candidate : values()) {
            if (candidate.code.equals(code)) {
                return candidate.status;
            }
        }
        throw new IllegalArgumentException("unknown status '" + code + "'");
    }
}
