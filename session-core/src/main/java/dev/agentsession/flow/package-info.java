/**
 * Paused flows: the {@link dev.agentsession.flow.FlowState} an agent flow saves when it waits for a user's
 * reply.
 */
@NullMarked
package dev.agentsession.flow;

import org.jspecify.annotations.NullMarked;
