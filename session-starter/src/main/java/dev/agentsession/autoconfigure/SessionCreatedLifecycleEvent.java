package dev.agentsession.autoconfigure;

import dev.agentsession.SessionRef;

/**
 * A session was created; published after the change is stored.
 */
public class SessionCreatedLifecycleEvent extends SessionLifecycleEvent {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the event.
     * @param source the publisher
     * @param ref the created session
     */
    public SessionCreatedLifecycleEvent(Object source, SessionRef ref) {
        super(source, ref);
    }
}
