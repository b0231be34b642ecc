package dev.agentsession.observation;

import java.time.Clock;
import java.time.Duration;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionLeasedException;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LeaseObservationTests {

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final MemorySessionStore store = new MemorySessionStore(Clock.systemUTC(), 100, new SessionCodec());

    private final SessionManager sessions = new DefaultSessionManager(this.store, this.store,
            new TimeOrderedSessionIdGenerator(Clock.systemUTC()), Clock.systemUTC(), new SessionCodec(),
            SessionSettings.defaults(), SessionLifecycleListener.NONE, new SessionObservations(this.registry));

    @Test
    void leaseOperationsWhenCalledThenOneObservationEachNamedForItAndRefusalsAreLeased() {
        SessionRef ref = this.sessions.create(NewSession.forUser("support", "ada")).ref();
        this.registry.clear();
        SessionLease lease = this.sessions.acquireLease(ref, "worker-1", Duration.ofMinutes(1));
        this.sessions.renewLease(lease, Duration.ofMinutes(1));
        this.sessions.withLease(lease).append(ref, NewEvent.message("user", "hi").withId("m1"));
        this.sessions.findEvent(ref, "m1");
        assertThatExceptionOfType(SessionLeasedException.class)
            .isThrownBy(() -> this.sessions.append(ref, NewEvent.message("user", "no lease")));
        this.sessions.releaseLease(lease);
        assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> {
            assertThat(contexts).extracting((context) -> ((SessionOperationContext) context).getOperation())
                .containsExactly("acquireLease", "renewLease", "append", "findEvent", "append", "releaseLease");
            assertThat(contexts).extracting((context) -> ((SessionOperationContext) context).getOutcome())
                .containsExactly(SessionOperationOutcome.SUCCESS, SessionOperationOutcome.SUCCESS,
                        SessionOperationOutcome.SUCCESS, SessionOperationOutcome.SUCCESS,
                        SessionOperationOutcome.LEASED, SessionOperationOutcome.SUCCESS);
        });
    }
}
