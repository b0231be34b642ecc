package dev.agentsession.autoconfigure;

import dev.agentsession.SessionRef;
import org.springframework.context.ApplicationEvent;

/**
 * A lifecycle change of a session, published once the change is stored.
 */
public abstract class SessionLifecycleEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient SessionRef ref;

    /**
     * Creates the event.
     * @param source the publisher
     * @param ref the session
     */
    protected SessionLifecycleEvent(Object source, SessionRef ref) {
        super(source);
        this.ref = ref;
    }

    /**
     * The session the event is about.
     * @return the session
     */
    public SessionRef getRef() {
        return this.ref;
    }
}
