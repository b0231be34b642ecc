package dev.agentsession.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthContextCipher;
import dev.agentsession.auth.AuthSession;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthStatus;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import static dev.agentsession.redis.AuthHashField.CONTEXT;
import static dev.agentsession.redis.AuthHashField.CREATED_AT;
import static dev.agentsession.redis.AuthHashField.EXPIRES_AT;
import static dev.agentsession.redis.AuthHashField.RESOLVE_UID;
import static dev.agentsession.redis.AuthHashField.SCOPED;
import static dev.agentsession.redis.AuthHashField.SCOPES;
import static dev.agentsession.redis.AuthHashField.STATUS;

/**
 * Turns an auth session into the values its hash stores and a stored hash back into the session, sealing and
 * opening the {@link AuthContext} with the {@link AuthContextCipher} on the way: the context is never stored
 * in clear.
 */
final class RedisAuthSessionMapper {

    private static final String ACTIVE = "A";

    private static final String PENDING = "P";

    private final SessionCodec codec;

    private final @Nullable AuthContextCipher cipher;

    RedisAuthSessionMapper(SessionCodec codec, @Nullable AuthContextCipher cipher) {
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.cipher = cipher;
    }

    /**
     * Whether a sealed context names a key of the configured cipher (see
     * {@link AuthContextCipher#hasKeyFor(String)}); {@code false} without a cipher.
     */
    boolean hasKeyFor(String sealed) {
        return this.cipher != null && this.cipher.hasKeyFor(sealed);
    }

    /**
     * The values of a session as {@code auth-put.lua} takes them: status, scoped, scopes, resolve uid,
     * sealed context, creation time and expiry, each absent value empty.
     * @throws IllegalStateException if the session has a context and no cipher is configured
     */
    List<String> values(AuthSession session) {
        String sealed = "";
        if (session.context() != null) {
            sealed = AuthContextCipher.require(this.cipher).seal(session.key(), session.context());
        }
        List<String> values = new ArrayList<>(List.of((session.status() == AuthStatus.ACTIVE) ? ACTIVE : PENDING,
                session.scoped() ? "1" : "0", this.codec.writeValue(new TreeSet<>(session.scopes())),
                (session.resolveUid() != null) ? session.resolveUid() : "", sealed,
                ScriptValues.micros(session.createdAt())));
        ScriptValues.addExpiry(values, session.createdAt(), session.expiresAt());
        return values;
    }

    /**
     * The session stored in a hash, unless there is none or it has expired at {@code now}.
     * @throws SessionDataCorruptedException if the hash cannot be read
     * @throws IllegalStateException if it holds a context and no cipher is configured
     * @throws dev.agentsession.auth.AuthDecryptionException if the context cannot be decrypted
     */
    Optional<AuthSession> live(AuthSessionKey key, StoredHash hash, Instant now) {
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        Instant expiresAt;
        Instant createdAt;
        AuthStatus status;
        Set<String> scopes;
        try {
            expiresAt = hash.optionalInstant(EXPIRES_AT);
            createdAt = hash.requiredInstant(CREATED_AT);
            status = status(hash.required(STATUS));
            scopes = Set.of(this.codec.mapper().readValue(hash.required(SCOPES), String[].class));
        }
        catch (IllegalArgumentException | JacksonException ex) {
            throw new SessionDataCorruptedException(null, "auth session " + key, ex);
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return Optional.empty();
        }
        String sealed = hash.get(CONTEXT);
        AuthContext context = null;
        if (sealed != null) {
            // Fails with the how-to-configure message when no key is set; a wrong key raises
            // AuthDecryptionException and nothing is written back.
            context = AuthContextCipher.require(this.cipher).open(key, sealed);
        }
        try {
            return Optional.of(new AuthSession(key, status, context, "1".equals(hash.get(SCOPED)), scopes,
                    hash.get(RESOLVE_UID), createdAt, expiresAt));
        }
        catch (IllegalArgumentException ex) {
            throw new SessionDataCorruptedException(null, "auth session " + key, ex);
        }
    }

    private static AuthStatus status(String code) {
        return switch (code) {
            case ACTIVE -> AuthStatus.ACTIVE;
            case PENDING -> AuthStatus.PENDING;
            default -> throw new IllegalArgumentException("unknown status '" + code + "'");
        };
    }
}
