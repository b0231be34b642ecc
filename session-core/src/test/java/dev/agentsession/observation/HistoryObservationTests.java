package dev.agentsession.observation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionLifecycleListener;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.store.SessionCodec;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryObservationTests {

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final List<SessionRef> created = new ArrayList<>();

    private final MemorySessionStore store = new MemorySessionStore(Clock.systemUTC(), 100, new SessionCodec());

    private final SessionManager sessions = new DefaultSessionManager(this.store, this.store,
            new TimeOrderedSessionIdGenerator(Clock.systemUTC()), Clock.systemUTC(), new SessionCodec(),
            SessionSettings.defaults(), new SessionLifecycleListener() {

                @Override
                public void created(AgentSession session) {
                    HistoryObservationTests.this.created.add(session.ref());
                }
            }, new SessionObservations(this.registry));

    @Test
    void rewindAndForkWhenCalledThenOneObservationEachAndTheForkIsACreatedSession() {
        SessionRef ref = this.sessions.create(NewSession.forUser("support", "ada")).ref();
        this.sessions.append(ref, NewEvent.message("user", "hi"));
        this.registry.clear();

        AgentSession forked = this.sessions.fork(ref, 1);
        this.sessions.rewind(ref, 0);

        assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> assertThat(contexts)
            .extracting((context) -> ((SessionOperationContext) context).getOperation())
            .containsExactly("fork", "rewind"));
        assertThat(this.created).containsExactly(ref, forked.ref());
    }
}
