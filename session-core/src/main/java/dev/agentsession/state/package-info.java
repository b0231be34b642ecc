/**
 * Scoped state: the {@code app:}, {@code user:}, {@code temp:} and session key prefixes, and the namespaced
 * documents of {@link dev.agentsession.state.ScopedStore}.
 */
@NullMarked
package dev.agentsession.state;

import org.jspecify.annotations.NullMarked;
