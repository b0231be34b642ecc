/**
 * Micrometer observations of every {@link dev.agentsession.SessionManager},
 * {@link dev.agentsession.auth.AuthSessionManager} and document operation: one timer and one trace span per
 * call, named and tagged by {@link dev.agentsession.observation.DefaultSessionObservationConvention}. Without an
 * {@link io.micrometer.observation.ObservationRegistry} the managers use
 * {@link io.micrometer.observation.ObservationRegistry#NOOP} and record nothing.
 */
@NullMarked
package dev.agentsession.observation;

import org.jspecify.annotations.NullMarked;
