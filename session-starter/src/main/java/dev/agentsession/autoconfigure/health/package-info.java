/**
 * The {@code agentSession} health indicator.
 */
@NullMarked
package dev.agentsession.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
