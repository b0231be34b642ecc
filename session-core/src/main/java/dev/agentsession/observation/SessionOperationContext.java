package dev.agentsession.observation;

import java.util.Objects;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The observation context of one Agent Session operation. It holds what the operation is, the store it ran on
 * and how it ended; on purpose nothing that names a tenant, user, session or document, nor any content, so
 * that no convention can put such a value on a meter or span by accident.
 */
public class SessionOperationContext extends Observation.Context {

    private final String operation;

    private final String store;

    private @Nullable SessionOperationOutcome outcome;

    /**
     * Creates the context of an operation about to run.
     * @param operation the operation, such as {@code append} or {@code document.save}
     * @param store the store's type, such as {@code memory}, {@code jdbc} or {@code redis}
     */
    public SessionOperationContext(String operation, String store) {
        this.operation = Objects.requireNonNull(operation, "operation must not be null");
        this.store = Objects.requireNonNull(store, "store must not be null");
    }

    /**
     * The operation: a {@code SessionManager} method such as {@code append}, or {@code auth.} or
     * {@code document.} followed by an {@code AuthSessionManager} or {@code ScopedStore} method.
     * @return the operation
     */
    public String getOperation() {
        return this.operation;
    }

    /**
     * The type of the store the operation ran on.
     * @return the store type
     */
    public String getStore() {
        return this.store;
    }

    /**
     * How the operation ended.
     * @return the outcome, or {@code null} while it runs
     */
    public @Nullable SessionOperationOutcome getOutcome() {
        return this.outcome;
    }

    /**
     * Records how the operation ended.
     * @param outcome the outcome
     */
    public void setOutcome(SessionOperationOutcome outcome) {
        this.outcome = Objects.requireNonNull(outcome, "outcome must not be null");
    }
}
