/**
 * Hands the application's Micrometer {@link io.micrometer.observation.ObservationRegistry} to the
 * auto-configured managers, which observe their own operations.
 */
@NullMarked
package dev.agentsession.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
