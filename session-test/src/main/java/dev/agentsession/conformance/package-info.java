/**
 * The conformance suites (TCK) every store passes: {@link dev.agentsession.conformance.SessionStoreConformanceTests}
 * for sessions, events, state, documents and waits, and
 * {@link dev.agentsession.conformance.AuthSessionStoreConformanceTests} for auth sessions. A custom store adds
 * {@code agent-session-test} in test scope, subclasses a suite and returns its store from {@code createStore}.
 */
@NullMarked
package dev.agentsession.conformance;

import org.jspecify.annotations.NullMarked;
