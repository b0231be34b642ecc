package dev.agentsession.autoconfigure;

import dev.agentsession.SessionRef;

/**
 * A session was archived; published after the change is stored.
 */
public class SessionArchivedLifecycleEvent extends SessionLifecycleEvent {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the event.
     * @param source the publisher
     * @param ref the archived session
     */
    public SessionArchivedLifecycleEvent(Object source, SessionRef ref) {
        super(source, ref);
    }
}
