package dev.agentsession.autoconfigure;

import dev.agentsession.SessionRef;

/**
 * A session was deleted; published after the change is stored.
 */
public class SessionDeletedLifecycleEvent extends SessionLifecycleEvent {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the event.
     * @param source the publisher
     * @param ref the deleted session
     */
    public SessionDeletedLifecycleEvent(Object source, SessionRef ref) {
        super(source, ref);
    }
}
