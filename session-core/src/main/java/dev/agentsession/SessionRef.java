package dev.agentsession;

/**
 * The full address of a session. Every read and write is scoped by all four parts: a session id alone
 * never reaches a session of another tenant, app or user.
 *
 * @param tenant the tenant, {@value #DEFAULT_TENANT} unless the application is multi-tenant
 * @param app the agent application
 * @param userId the user the session belongs to
 * @param sessionId the session id, unique within tenant, app and user
 */
public record SessionRef(String tenant, String app, String userId, String sessionId) {

    /** The tenant used when none is given. */
    public static final String DEFAULT_TENANT = "default";

    /**
     * Checks every part with {@link Identifiers#requireValid(String, String)}.
     */
    public SessionRef {
        Identifiers.requireValid("tenant", tenant);
        Identifiers.requireValid("app", app);
        Identifiers.requireValid("userId", userId);
        Identifiers.requireValid("sessionId", sessionId);
    }

    /**
     * A reference in the {@value #DEFAULT_TENANT} tenant.
     * @param app the agent application
     * @param userId the user
     * @param sessionId the session id
     * @return the reference
     */
    public static SessionRef of(String app, String userId, String sessionId) {
        return new SessionRef(DEFAULT_TENANT, app, userId, sessionId);
    }
}
