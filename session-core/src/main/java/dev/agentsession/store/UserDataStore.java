package dev.agentsession.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.agentsession.SessionRef;
import dev.agentsession.flow.SessionWait;

/**
 * Everything a store holds of one user across every app of a tenant, for the privacy operations of
 * {@link dev.agentsession.privacy.UserDataManager}: finding it to export it, and erasing it. Implemented by a
 * backend beside its {@link SessionStore} and {@link WaitStore}, usually by the same object. Documents and auth
 * sessions are reached through their own stores.
 */
public interface UserDataStore {

    /**
     * The live sessions of a user in every app of a tenant.
     * @param tenant the tenant
     * @param userId the user
     * @param now the read time
     * @return the sessions, ordered by app, then session id
     */
    List<SessionRef> sessionsOfUser(String tenant, String userId, Instant now);

    /**
     * The {@code user:} state of a user in each app of a tenant.
     * @param tenant the tenant
     * @param userId the user
     * @return app to that app's {@code user:} state of the user, only apps where it holds a key, ordered by app
     */
    Map<String, Map<String, Object>> userStateOfUser(String tenant, String userId);

    /**
     * The live waits a user takes part in, in every app of a tenant: the waits for the user's reply (whichever
     * user's session waits) and the waits of the user's sessions (whichever user they wait for).
     * @param tenant the tenant
     * @param userId the user
     * @param now the read time
     * @return the waits, each once, ordered by app, then creation time
     */
    List<SessionWait> waitsOfUser(String tenant, String userId, Instant now);

    /**
     * Deletes what a user has in every app of a tenant: each session of the user (expired or not) with its events,
     * state, waits and index entries, the user's {@code user:} state, and the waits for the user's reply on other
     * users' sessions. Not one atomic step: sessions go one or a batch at a time, and a run that fails part way
     * can simply run again.
     * @param tenant the tenant
     * @param userId the user
     * @return how many sessions were deleted
     */
    int eraseUser(String tenant, String userId);
}
