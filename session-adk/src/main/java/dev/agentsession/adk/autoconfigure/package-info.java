/**
 * Spring Boot auto-configuration of the ADK session service.
 */
@NullMarked
package dev.agentsession.adk.autoconfigure;

import org.jspecify.annotations.NullMarked;
