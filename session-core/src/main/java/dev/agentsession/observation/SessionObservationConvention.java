package dev.agentsession.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observations of Agent Session operations. Declare a bean of this type (or pass one to
 * {@link SessionObservations}) to replace {@link DefaultSessionObservationConvention}; extending that class
 * keeps its names and keys.
 */
public interface SessionObservationConvention extends ObservationConvention<SessionOperationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof SessionOperationContext;
    }
}
