/**
 * How this project's own tests reach their servers: the local PostgreSQL, MariaDB and Redis (skipped when absent,
 * failing when {@code CI=true}) and Redis processes a test starts itself, a Redis Cluster included. Internal to
 * the build: never published, and not part of the {@code agent-session-test} conformance jar.
 */
@NullMarked
package dev.agentsession.testservers;

import org.jspecify.annotations.NullMarked;
