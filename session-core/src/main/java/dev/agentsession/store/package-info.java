/**
 * The store SPI: what a backend implements so that {@link dev.agentsession.DefaultSessionManager} can keep
 * the contract's rules on it. The manager validates input, assigns ids and times, strips {@code temp:} state
 * and enforces size limits; a store keeps each command atomic, assigns sequence numbers, checks versions and
 * event-id idempotence, and scopes every access by the whole {@link dev.agentsession.SessionRef}.
 *
 * <p>The abstract {@code SessionStoreConformanceTests} and {@code AuthSessionStoreConformanceTests} in the
 * {@code agent-session-test} jar check a store against the contract. Paused-flow waits, auth sessions and
 * the privacy operations on one user's data are separate SPIs beside this one, so a store adds them without
 * changing {@link dev.agentsession.store.SessionStore}: {@link dev.agentsession.store.WaitStore},
 * {@link dev.agentsession.store.AuthSessionStore} and {@link dev.agentsession.store.UserDataStore}.
 */
@NullMarked
package dev.agentsession.store;

import org.jspecify.annotations.NullMarked;
