/**
 * The Agent Session API: the {@link dev.agentsession.SessionManager} that applications inject and the
 * immutable model it reads and writes.
 */
@NullMarked
package dev.agentsession;

import org.jspecify.annotations.NullMarked;
