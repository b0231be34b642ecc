package dev.agentsession;

import org.jspecify.annotations.Nullable;

/**
 * A stored record of a session could not be read. Only that session is affected.
 */
public class SessionDataCorruptedException extends AgentSessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param ref the session whose data is unreadable, or {@code null} for data that belongs to no session
     * @param what which record could not be read, for example {@code "event 12"}
     * @param cause the parse failure
     */
    public SessionDataCorruptedException(@Nullable SessionRef ref, String what, @Nullable Throwable cause) {
        super("Stored " + what + ((ref != null) ? " of session " + ref : "") + " cannot be read"
                + ((cause != null) ? ": " + cause.getMessage() : ""), ref, cause);
    }
}
