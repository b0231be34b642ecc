/**
 * Spring Boot auto-configuration of Agent Session from {@code agent.session.*} properties.
 */
@NullMarked
package dev.agentsession.autoconfigure;

import org.jspecify.annotations.NullMarked;
