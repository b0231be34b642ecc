package dev.agentsession.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The credential itself. Its {@link #toString()} never shows a token or an extra field's value.
 *
 * @param accessToken the access token
 * @param refreshToken the refresh token, if any
 * @param tokenType the token type, such as {@code Bearer}, if known
 * @param expiresAt when the access token expires, if known
 * @param extra further provider fields (team id, id token...), treated as secret too
 */
public record AuthContext(String accessToken, @Nullable String refreshToken, @Nullable String tokenType,
        @Nullable Instant expiresAt, Map<String, String> extra) {

    /**
     * Checks the arguments and copies {@code extra}.
     */
    public AuthContext {
        if (accessToken == null || accessToken.isEmpty()) {
            throw new IllegalArgumentException("accessToken must not be empty");
        }
        extra = Map.copyOf(Objects.requireNonNull(extra, "extra must not be null"));
    }

    /**
     * A bearer token without refresh token or extra fields.
     * @param accessToken the token
     * @param expiresAt when it expires, or {@code null}
     * @return the context
     */
    public static AuthContext bearer(String accessToken, @Nullable Instant expiresAt) {
        return new AuthContext(accessToken, null, "Bearer", expiresAt, Map.of());
    }

    /**
     * Describes the context without any secret.
     * @return the redacted description
     */
    @Override
    public String toString() {
        return "AuthContext[accessToken=<redacted>, refreshToken=" + ((this.refreshToken != null) ? "<redacted>" : "none")
                + ", tokenType=" + this.tokenType + ", expiresAt=" + this.expiresAt + ", extra=" + this.extra.keySet()
                + "]";
    }
}
