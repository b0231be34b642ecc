package dev.agentsession;

import org.jspecify.annotations.Nullable;

/**
 * The base of every exception the session API throws for a rule of the contract (as opposed to bad
 * arguments, which raise {@link IllegalArgumentException}).
 */
public abstract class AgentSessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient @Nullable SessionRef ref;

    /**
     * Creates an exception about one session, or about the store as a whole when {@code ref} is null.
     * @param message the message
     * @param ref the session concerned, if any
     * @param cause the cause, if any
     */
    protected AgentSessionException(String message, @Nullable SessionRef ref, @Nullable Throwable cause) {
        super(message, cause);
        this.ref = ref;
    }

    /**
     * The session the failure concerns.
     * @return the session, or {@code null} when the failure is not about one session
     */
    public @Nullable SessionRef getRef() {
        return this.ref;
    }
}
