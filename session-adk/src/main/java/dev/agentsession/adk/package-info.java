/**
 * Google ADK sessions on Agent Session: {@link dev.agentsession.adk.AgentSessionService}, a durable
 * {@code BaseSessionService} with ADK's {@code app:} / {@code user:} / {@code temp:} state rules.
 */
@NullMarked
package dev.agentsession.adk;

import org.jspecify.annotations.NullMarked;
