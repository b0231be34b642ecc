package dev.agentsession;

/**
 * A write was attempted on an archived session; nothing was written.
 */
public class SessionArchivedException extends AgentSessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param ref the archived session
     */
    public SessionArchivedException(SessionRef ref) {
        super("Session " + ref + " is archived and cannot be changed", ref, null);
    }
}
