package dev.agentsession.auth;

/**
 * The state of an auth session.
 */
public enum AuthStatus {

    /** A login was started; the callback that carries the resolve uid will complete it. */
    PENDING,

    /** The credential is usable. */
    ACTIVE
}
