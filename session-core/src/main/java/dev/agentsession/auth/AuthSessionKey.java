package dev.agentsession.auth;

import dev.agentsession.Identifiers;
import dev.agentsession.SessionRef;

/**
 * Where an auth session belongs: a conversation thread, a profile (a persona the user acts as in that
 * thread) and a provider. At most one auth session exists per key, so storing one replaces the previous.
 *
 * @param tenant the tenant
 * @param threadId the conversation thread
 * @param profile the profile, {@value #DEFAULT_PROFILE} unless the user acts with several personas
 * @param provider the provider, such as {@code slack} or {@code google}
 */
public record AuthSessionKey(String tenant, String threadId, String profile, String provider) {

    /** The profile used when none is given. */
    public static final String DEFAULT_PROFILE = "default";

    /**
     * Checks every part with the identifier rules.
     */
    public AuthSessionKey {
        Identifiers.requireValid("tenant", tenant);
        Identifiers.requireValid("threadId", threadId);
        Identifiers.requireValid("profile", profile);
        Identifiers.requireValid("provider", provider);
    }

    /**
     * A key in the default tenant and profile.
     * @param threadId the thread
     * @param provider the provider
     * @return the key
     */
    public static AuthSessionKey of(String threadId, String provider) {
        return new AuthSessionKey(SessionRef.DEFAULT_TENANT, threadId, DEFAULT_PROFILE, provider);
    }

    /**
     * This key under another profile.
     * @param profile the profile
     * @return the key
     */
    public AuthSessionKey withProfile(String profile) {
        return new AuthSessionKey(this.tenant, this.threadId, profile, this.provider);
    }
}
