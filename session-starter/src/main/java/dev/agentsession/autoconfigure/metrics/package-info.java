/**
 * Micrometer metrics of session operations.
 */
@NullMarked
package dev.agentsession.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
