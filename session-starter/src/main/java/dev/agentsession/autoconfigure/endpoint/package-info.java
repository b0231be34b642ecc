/**
 * The {@code agentsessions} actuator endpoint.
 */
@NullMarked
package dev.agentsession.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
