package dev.agentsession.privacy;

import java.io.OutputStream;

/**
 * Erases and exports everything stored of one user, in every app of a tenant: the user's sessions with their
 * events, state and flows, the user's {@code user:} state, the waits the user takes part in (of the user's
 * sessions, and for the user's reply on other users' sessions), the user's {@code USER} documents, and the auth
 * sessions of the threads that {@link UserThreads} maps to the user. Inject it beside the
 * {@link dev.agentsession.SessionManager}.
 */
public interface UserDataManager {

    /**
     * Deletes everything stored of a user in a tenant. Not one atomic step: it removes the auth sessions, then the
     * documents, then the sessions, state and waits, and a run that fails part way can simply run again. Sessions
     * the user creates while it runs may survive it.
     * @param tenant the tenant
     * @param userId the user
     * @return what was deleted
     */
    UserErasure eraseUser(String tenant, String userId);

    /**
     * Writes everything stored of a user in a tenant to {@code out} as one UTF-8 JSON document, streaming: events
     * are read and written a page at a time, never all held at once. Credentials are never written: of each auth
     * session only its key, status, scopes and times are (see {@link DefaultUserDataManager} for the format).
     * @param tenant the tenant
     * @param userId the user
     * @param out where to write; flushed, not closed
     */
    void exportUser(String tenant, String userId, OutputStream out);
}
