/**
 * The conformance suites (TCK) every store passes: {@link dev.agentsession.conformance.SessionStoreConformanceTests}
 * for sessions, events, state, documents and waits,
 * {@link dev.agentsession.conformance.SessionInputConformanceTests} for the values, keys and times every backend
 * reads back exactly or refuses alike (SPEC 3.5), and
 * {@link dev.agentsession.conformance.AuthSessionStoreConformanceTests} for auth sessions. A custom store adds
 * {@code agent-session-test} in test scope, subclasses each suite and returns its store from {@code createStore}.
 */
@NullMarked
package dev.agentsession.conformance;

import org.jspecify.annotations.NullMarked;
