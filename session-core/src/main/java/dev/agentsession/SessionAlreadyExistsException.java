package dev.agentsession;

/**
 * A session was created with an id that already exists; nothing was overwritten.
 */
public class SessionAlreadyExistsException extends AgentSessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param ref the reference that exists
     */
    public SessionAlreadyExistsException(SessionRef ref) {
        super("A session already exists at " + ref, ref, null);
    }
}
