package dev.agentsession.jdbc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import dev.agentsession.SessionRef;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.state.DocumentScope;
import org.jspecify.annotations.Nullable;

/**
 * SHA-256 keys of identifier tuples. Each part is length-prefixed, so {@code ("a:b", "c")} and
 * {@code ("a", "b:c")} hash differently; a tag keeps tuples of different kinds apart. The hashes keep index
 * entries short (32 bytes instead of up to four 256-character ids), which InnoDB's 3072-byte index limit
 * needs; every query compares the id columns too. An absent part ({@code null}) is written as length -1, so it
 * differs from every value, the empty string included.
 */
final class KeyHashes {

    private KeyHashes() {
    }

    static byte[] session(SessionRef ref) {
        return hash("session", ref.tenant(), ref.app(), ref.userId(), ref.sessionId());
    }

    static byte[] app(String tenant, String app) {
        return hash("app", tenant, app);
    }

    static byte[] app(SessionRef ref) {
        return app(ref.tenant(), ref.app());
    }

    static byte[] user(String tenant, String app, String userId) {
        return hash("user", tenant, app, userId);
    }

    static byte[] user(SessionRef ref) {
        return user(ref.tenant(), ref.app(), ref.userId());
    }

    static byte[] metadataFilter(String tenant, String app, String key, String value) {
        return hash("metadata", tenant, app, key, value);
    }

    static byte[] scope(DocumentScope scope) {
        return hash("document-scope", scope.kind().name(), scope.tenant(), scope.owner());
    }

    static byte[] wait(WaitKey key) {
        return hash("wait", key.tenant(), key.app(), key.userId(), key.scope().channel(),
                key.scope().conversation(), key.scope().thread());
    }

    static byte[] auth(AuthSessionKey key) {
        return hash("auth", key.tenant(), key.threadId(), key.profile(), key.provider());
    }

    static byte[] authThread(String tenant, String threadId) {
        return hash("auth-thread", tenant, threadId);
    }

    static byte[] resolveUid(String tenant, String resolveUid) {
        return hash("resolve-uid", tenant, resolveUid);
    }

    private static byte[] hash(@Nullable String... parts) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
        for (@Nullable String part : parts) {
            if (part == null) {
                digest.update(ByteBuffer.allocate(4).putInt(-1).array());
                continue;
            }
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            digest.update(bytes);
        }
        return digest.digest();
    }
}
