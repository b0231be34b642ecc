package dev.agentsession.observation;

import java.time.Clock;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionLifecycleListener;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.StaleSessionException;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.store.SessionCodec;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The meters Boot's {@link DefaultMeterObservationHandler} makes of the observations: what the README documents.
 */
class SessionObservationMetersTests {

    private static final String USER = "ada-user-7";

    private static final String MESSAGE = "my card number is 4111";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final ObservationRegistry registry = ObservationRegistry.create();

    private final MemorySessionStore store = new MemorySessionStore(Clock.systemUTC(), 100, new SessionCodec());

    private final SessionManager sessions;

    SessionObservationMetersTests() {
        this.registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
        this.sessions = new DefaultSessionManager(this.store, this.store,
                new TimeOrderedSessionIdGenerator(Clock.systemUTC()), Clock.systemUTC(), new SessionCodec(),
                SessionSettings.defaults(), SessionLifecycleListener.NONE, new SessionObservations(this.registry));
    }

    @Test
    void operationsWhenObservedThenTimerTaggedWithOperationStoreOutcomeAndError() {
        SessionRef ref = this.sessions.create(NewSession.forUser("support", USER)).ref();
        this.sessions.append(ref, NewEvent.message("user", MESSAGE));
        assertThatExceptionOfType(StaleSessionException.class)
            .isThrownBy(() -> this.sessions.append(ref, 1, NewEvent.message("user", MESSAGE)));
        assertThat(this.meters.get("agent.session.operations")
            .tags("operation", "create", "store", "memory", "outcome", "success", "error", "none")
            .timer()
            .count()).isEqualTo(1);
        assertThat(this.meters.get("agent.session.operations")
            .tags("operation", "append", "store", "memory", "outcome", "success", "error", "none")
            .timer()
            .count()).isEqualTo(1);
        assertThat(this.meters.get("agent.session.operations")
            .tags("operation", "append", "store", "memory", "outcome", "stale", "error", "none")
            .timer()
            .count()).isEqualTo(1);
    }

    @Test
    void staleConflictsWhenCountedThenCounterTaggedWithOperationAndStore() {
        SessionRef ref = this.sessions.create(NewSession.forUser("support", USER)).ref();
        this.sessions.append(ref, NewEvent.message("user", MESSAGE));
        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(StaleSessionException.class)
                .isThrownBy(() -> this.sessions.append(ref, 1, NewEvent.message("user", MESSAGE)));
        }
        assertThat(this.meters.get("agent.session.operations.stale").counter().getId().getTags())
            .containsExactlyInAnyOrder(Tag.of("operation", "append"), Tag.of("store", "memory"));
        assertThat(this.meters.get("agent.session.operations.stale").counter().count()).isEqualTo(2);
    }

    @Test
    void failureWhenObservedThenErrorTagNamesTheExceptionType() {
        assertThatExceptionOfType(SessionStoreUnavailableException.class)
            .isThrownBy(() -> new SessionObservations(this.registry).observe("append", "jdbc", () -> {
                throw new SessionStoreUnavailableException("down", null);
            }));
        assertThat(this.meters.get("agent.session.operations")
            .tags("operation", "append", "store", "jdbc", "outcome", "unavailable", "error",
                    "SessionStoreUnavailableException")
            .timer()
            .count()).isEqualTo(1);
    }

    @Test
    void metersWhenOperationsRunThenNoTagCarriesAUserSessionOrContent() {
        SessionRef ref = this.sessions.create(NewSession.forUser("support", USER)).ref();
        this.sessions.append(ref, NewEvent.message("user", MESSAGE));
        assertThatExceptionOfType(StaleSessionException.class)
            .isThrownBy(() -> this.sessions.append(ref, 1, NewEvent.message("user", MESSAGE)));
        assertThat(this.meters.getMeters()).extracting(Meter::getId)
            .flatExtracting((id) -> id.getTags())
            .extracting(Tag::getValue)
            .isNotEmpty()
            .allSatisfy((value) -> assertThat(value).doesNotContain(USER, ref.sessionId(), MESSAGE, "support"));
        assertThat(this.meters.getMeters()).extracting((meter) -> meter.getId().getName())
            .containsOnly("agent.session.operations", "agent.session.operations.active",
                    "agent.session.operations.stale");
    }
}
