package dev.agentsession.autoconfigure;

import dev.agentsession.AgentSession;
import dev.agentsession.SessionLifecycleListener;
import dev.agentsession.SessionRef;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the manager's lifecycle changes as Spring application events.
 */
class ApplicationEventLifecycleListener implements SessionLifecycleListener {

    private final ApplicationEventPublisher publisher;

    ApplicationEventLifecycleListener(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void created(AgentSession session) {
        this.publisher.publishEvent(new SessionCreatedLifecycleEvent(this, session.ref()));
    }

    @Override
    public void archived(SessionRef ref) {
        this.publisher.publishEvent(new SessionArchivedLifecycleEvent(this, ref));
    }

    @Override
    public void deleted(SessionRef ref) {
        this.publisher.publishEvent(new SessionDeletedLifecycleEvent(this, ref));
    }
}
