package dev.agentsession;

/**
 * Told by the {@link DefaultSessionManager} about lifecycle changes once they are stored. Exceptions thrown
 * by a listener reach the caller, but the change is already stored.
 */
public interface SessionLifecycleListener {

    /** A listener that ignores everything. */
    SessionLifecycleListener NONE = new SessionLifecycleListener() {
    };

    /**
     * A session was created.
     * @param session the new session
     */
    default void created(AgentSession session) {
    }

    /**
     * A session was archived, by {@link SessionManager#archive(SessionRef)}. Sessions archived in bulk by
     * {@link SessionManager#archiveInactive(java.time.Duration)} are counted, not announced one by one.
     * @param ref the session
     */
    default void archived(SessionRef ref) {
    }

    /**
     * A session was deleted.
     * @param ref the session
     */
    default void deleted(SessionRef ref) {
    }
}
