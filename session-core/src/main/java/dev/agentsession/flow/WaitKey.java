package dev.agentsession.flow;

import java.util.Objects;

import dev.agentsession.Identifiers;
import dev.agentsession.SessionRef;

/**
 * What identifies a wait: at most one wait exists per user of an app and reply scope.
 *
 * @param tenant the tenant
 * @param app the app
 * @param userId the user whose reply is awaited
 * @param scope where the reply will come from
 */
public record WaitKey(String tenant, String app, String userId, ReplyScope scope) {

    /**
     * Checks the arguments.
     */
    public WaitKey {
        Identifiers.requireValid("tenant", tenant);
        Identifiers.requireValid("app", app);
        Identifiers.requireValid("userId", userId);
        Objects.requireNonNull(scope, "scope must not be null");
    }

    /**
     * A key in the default tenant.
     * @param app the app
     * @param userId the user
     * @param scope the reply scope
     * @return the key
     */
    public static WaitKey of(String app, String userId, ReplyScope scope) {
        return new WaitKey(SessionRef.DEFAULT_TENANT, app, userId, scope);
    }

    /**
     * The key of a wait that a session registers.
     * @param session the waiting session
     * @param scope the reply scope
     * @return the key
     */
    public static WaitKey of(SessionRef session, ReplyScope scope) {
        return new WaitKey(session.tenant(), session.app(), session.userId(), scope);
    }
}
