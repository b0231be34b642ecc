package dev.agentsession;

/**
 * No session exists at that reference (or it expired). Thrown as well when a session exists under the
 * same id for another tenant, app or user: such a session is not found, never shown.
 */
public class SessionNotFoundException extends AgentSessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param ref the reference that was not found
     */
    public SessionNotFoundException(SessionRef ref) {
        super("No session " + ref, ref, null);
    }
}
