package dev.agentsession.observation;

import java.util.Objects;
import java.util.function.Supplier;

import dev.agentsession.state.ScopedStore;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Runs Agent Session operations as Micrometer observations, the one place where the managers and the document
 * store meet the Observation API. Each call is one observation ({@link SessionObservationDocumentation}), open
 * as the current one while it runs so that the store's own observations (JDBC, Lettuce) become its children.
 * When it throws, the observation gets the {@linkplain SessionOperationOutcome outcome}, a
 * {@linkplain SessionObservationDocumentation.Events#STALE stale} event for a stale-version conflict, and the
 * exception as its error only when the outcome {@linkplain SessionOperationOutcome#isFailure() is a failure}:
 * a tracer adds an error's message to the span, and the messages of the expected outcomes name the session.
 */
public final class SessionObservations {

    /** Observes nothing: the managers' default. */
    public static final SessionObservations NOOP = new SessionObservations(ObservationRegistry.NOOP);

    private static final SessionObservationConvention DEFAULT_CONVENTION = new DefaultSessionObservationConvention();

    private final ObservationRegistry registry;

    private final @Nullable SessionObservationConvention convention;

    /**
     * Observes with the default convention.
     * @param registry where observations go
     */
    public SessionObservations(ObservationRegistry registry) {
        this(registry, null);
    }

    /**
     * Observes with a convention of the application's.
     * @param registry where observations go
     * @param convention names and keys the observations, or {@code null} for a global convention registered
     * with the registry, else {@link DefaultSessionObservationConvention}
     */
    public SessionObservations(ObservationRegistry registry, @Nullable SessionObservationConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.convention = convention;
    }

    /**
     * Runs an operation that returns a value.
     * @param <T> what it returns
     * @param operation the operation, for the {@code operation} key
     * @param store the store type, for the {@code store} key
     * @param call the operation
     * @return what the call returned
     */
    public <T extends @Nullable Object> T observe(String operation, String store, Supplier<T> call) {
        if (this.registry.isNoop()) {
            return call.get();
        }
        SessionOperationContext context = new SessionOperationContext(operation, store);
        Observation observation = SessionObservationDocumentation.SESSION_OPERATION
            .observation(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
            .start();
        try (Observation.Scope scope = observation.openScope()) {
            T result = call.get();
            context.setOutcome(SessionOperationOutcome.SUCCESS);
            return result;
        }
        catch (Throwable ex) {
            SessionOperationOutcome outcome = SessionOperationOutcome.of(ex);
            context.setOutcome(outcome);
            if (outcome == SessionOperationOutcome.STALE) {
                observation.event(SessionObservationDocumentation.Events.STALE);
            }
            if (outcome.isFailure()) {
                observation.error(ex);
            }
            throw ex;
        }
        finally {
            observation.stop();
        }
    }

    /**
     * Runs an operation that returns nothing.
     * @param operation the operation, for the {@code operation} key
     * @param store the store type, for the {@code store} key
     * @param call the operation
     */
    public void observe(String operation, String store, Runnable call) {
        observe(operation, store, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Observes every call of a document store, as operations {@code document.save}, {@code document.load},
     * {@code document.delete} and {@code document.listKeys}.
     * @param documents the document store
     * @param store the store type, for the {@code store} key
     * @return the observed document store
     */
    public ScopedStore documents(ScopedStore documents, String store) {
        return new ObservedScopedStore(Objects.requireNonNull(documents, "documents must not be null"),
                Objects.requireNonNull(store, "store must not be null"), this);
    }
}
