package dev.agentsession.observation;

import io.micrometer.common.KeyValues;

import static dev.agentsession.observation.SessionObservationDocumentation.LowCardinalityKeyNames.OPERATION;
import static dev.agentsession.observation.SessionObservationDocumentation.LowCardinalityKeyNames.OUTCOME;
import static dev.agentsession.observation.SessionObservationDocumentation.LowCardinalityKeyNames.STORE;

/**
 * The default names and keys of Agent Session observations: name {@value #NAME}, contextual (span) name
 * {@code agent.session <operation>}, low-cardinality keys {@code operation}, {@code store} and {@code outcome}.
 * It adds no high-cardinality keys: every id an operation sees names a user, a session, a document or a
 * customer's tenant, and a span leaves the application for a tracing backend.
 */
public class DefaultSessionObservationConvention implements SessionObservationConvention {

    /** The observation name, and so the timer's. */
    public static final String NAME = "agent.session.operations";

    private static final String CONTEXTUAL_NAME_PREFIX = "agent.session ";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(SessionOperationContext context) {
        return CONTEXTUAL_NAME_PREFIX + context.getOperation();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(SessionOperationContext context) {
        KeyValues keyValues = KeyValues.of(OPERATION.withValue(context.getOperation()),
                STORE.withValue(context.getStore()));
        SessionOperationOutcome outcome = context.getOutcome();
        return (outcome != null) ? keyValues.and(OUTCOME.withValue(outcome.value())) : keyValues;
    }
}
