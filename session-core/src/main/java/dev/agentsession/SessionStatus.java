package dev.agentsession;

/**
 * The lifecycle status of a session.
 */
public enum SessionStatus {

    /** The session accepts new events and state changes. */
    ACTIVE,

    /** The session is read-only: appends and state changes fail with {@link SessionArchivedException}. */
    ARCHIVED
}
