package dev.agentsession;

import java.util.Map;
import java.util.Objects;

import dev.agentsession.state.StateMaps;
import org.jspecify.annotations.Nullable;

/**
 * A session to create.
 *
 * @param tenant the tenant
 * @param app the app
 * @param userId the user
 * @param sessionId the id to use, or {@code null} to have the {@code SessionIdGenerator} make one
 * @param metadata string attributes such as channel or language
 * @param state initial state; prefixed keys go to their scope as in any state change
 */
public record NewSession(String tenant, String app, String userId, @Nullable String sessionId,
        Map<String, String> metadata, Map<String, @Nullable Object> state) {

    /**
     * Checks the arguments and takes immutable copies.
     */
    public NewSession {
        Identifiers.requireValid("tenant", tenant);
        Identifiers.requireValid("app", app);
        Identifiers.requireValid("userId", userId);
        if (sessionId != null) {
            Identifiers.requireValid("sessionId", sessionId);
        }
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata must not be null"));
        state = StateMaps.copyOf(Objects.requireNonNull(state, "state must not be null"));
    }

    /**
     * A new session of a user in the default tenant, with a generated id.
     * @param app the app
     * @param userId the user
     * @return the request
     */
    public static NewSession forUser(String app, String userId) {
        return new NewSession(SessionRef.DEFAULT_TENANT, app, userId, null, Map.of(), Map.of());
    }

    /**
     * This request in another tenant.
     * @param tenant the tenant
     * @return the request
     */
    public NewSession inTenant(String tenant) {
        return new NewSession(tenant, this.app, this.userId, this.sessionId, this.metadata, this.state);
    }

    /**
     * This request with a caller-chosen session id.
     * @param sessionId the id
     * @return the request
     */
    public NewSession withId(String sessionId) {
        return new NewSession(this.tenant, this.app, this.userId, sessionId, this.metadata, this.state);
    }

    /**
     * This request with metadata.
     * @param metadata the attributes
     * @return the request
     */
    public NewSession withMetadata(Map<String, String> metadata) {
        return new NewSession(this.tenant, this.app, this.userId, this.sessionId, metadata, this.state);
    }

    /**
     * This request with initial state.
     * @param state the state
     * @return the request
     */
    public NewSession withState(Map<String, ? extends @Nullable Object> state) {
        return new NewSession(this.tenant, this.app, this.userId, this.sessionId, this.metadata,
                StateMaps.copyOf(state));
    }
}
