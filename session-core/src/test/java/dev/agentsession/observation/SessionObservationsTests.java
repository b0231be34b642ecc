package dev.agentsession.observation;

import java.util.stream.Stream;

import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.StaleSessionException;
import dev.agentsession.auth.AuthDecryptionException;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SessionObservationsTests {

    private static final SessionRef REF = new SessionRef("default", "support", "ada", "s-1");

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final SessionObservations observations = new SessionObservations(this.registry);

    static Stream<Arguments> outcomes() {
        return Stream.of(Arguments.of(new StaleSessionException(REF, 1, 2), "stale", false),
                Arguments.of(new SessionNotFoundException(REF), "not_found", false),
                Arguments.of(new SessionAlreadyExistsException(REF), "already_exists", false),
                Arguments.of(new SessionArchivedException(REF), "archived", false),
                Arguments.of(new IllegalArgumentException("bad"), "invalid", false),
                Arguments.of(new SessionStoreUnavailableException("down", null), "unavailable", true),
                Arguments.of(new SessionDataCorruptedException(REF, "event 3", null), "corrupted", true),
                Arguments.of(new AuthDecryptionException("no key", null), "corrupted", true),
                Arguments.of(new IllegalStateException("bug"), "error", true));
    }

    @ParameterizedTest
    @MethodSource("outcomes")
    void observeWhenCallThrowsThenOutcomeFromTheExceptionAndErrorOnlyForFailures(RuntimeException thrown,
            String outcome, boolean failure) {
        assertThatExceptionOfType(thrown.getClass())
            .isThrownBy(() -> this.observations.observe("append", "jdbc", () -> {
                throw thrown;
            }))
            .isSameAs(thrown);
        assertThat(this.registry).hasSingleObservationThat()
            .hasBeenStopped()
            .hasLowCardinalityKeyValue("outcome", outcome)
            .satisfies((context) -> assertThat(context.getError()).isEqualTo(failure ? thrown : null));
    }

    @Test
    void observeWhenCallReturnsThenItsResultAndOutcomeSuccess() {
        assertThat(this.observations.observe("list", "redis", () -> 42)).isEqualTo(42);
        assertThat(this.registry).hasSingleObservationThat()
            .hasLowCardinalityKeyValue("operation", "list")
            .hasLowCardinalityKeyValue("store", "redis")
            .hasLowCardinalityKeyValue("outcome", "success");
    }

    @Test
    void observeWhenRegistryIsNoopThenCallRunsAndNothingIsObserved() {
        assertThat(SessionObservations.NOOP.observe("list", "redis", () -> 42)).isEqualTo(42);
        assertThat(this.registry).doesNotHaveAnyObservation();
    }
}
