/**
 * Paused flows: an agent flow that needs the user saves its {@link dev.agentsession.flow.FlowState} with a
 * {@link dev.agentsession.flow.SessionWait} in a {@link dev.agentsession.flow.ReplyScope}, and the reply
 * that arrives there, on any node, resumes it.
 */
@NullMarked
package dev.agentsession.flow;

import org.jspecify.annotations.NullMarked;
