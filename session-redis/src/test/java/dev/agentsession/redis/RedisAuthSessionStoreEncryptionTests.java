package dev.agentsession.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthContextCipher;
import dev.agentsession.auth.AuthDecryptionException;
import dev.agentsession.auth.AuthSession;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthStatus;
import dev.agentsession.store.SessionCodec;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Secrets at rest on Redis (SPEC 5): what is stored is only the sealed context, key rotation, a wrong key and
 * a missing key; plus the relative expiry and the one-slot layout of a tenant's auth keys. Each test works in
 * a namespace of its own on the local Redis.
 */
class RedisAuthSessionStoreEncryptionTests {

    private static final String ACCESS = "xoxp-ACCESS-7f3a9c1e5b";

    private static final String REFRESH = "xoxe-REFRESH-2d8e4f6a0c";

    private static final String EXTRA = "id-token-EXTRA-9b1c3d5e7f";

    private static LettuceConnectionFactory factory;

    private static StringRedisTemplate redis;

    // A year ahead of real time: key expiry must still be relative to the write's own time.
    private final Instant now = Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.MILLIS);

    private final String keyA = RedisTestSupport.randomKey();

    private final String keyB = RedisTestSupport.randomKey();

    private String namespace;

    @BeforeAll
    static void connect() {
        factory = RedisTestSupport.local();
        redis = new StringRedisTemplate(factory);
    }

    @AfterAll
    static void disconnect() {
        if (factory != null) {
            factory.destroy();
        }
    }

    @BeforeEach
    void newNamespace() {
        this.namespace = RedisTestSupport.randomNamespace();
    }

    @AfterEach
    void deleteNamespace() {
        RedisTestSupport.deleteNamespace(factory, this.namespace);
    }

    private RedisAuthSessionStore store(String currentKey, String... previousKeys) {
        return RedisTestSupport.authStore(factory, this.namespace,
                AuthContextCipher.of(currentKey, List.of(previousKeys), new SessionCodec().mapper()));
    }

    private AuthSession session(AuthSessionKey key, String uid) {
        return new AuthSession(key, AuthStatus.ACTIVE,
                new AuthContext(ACCESS, REFRESH, "Bearer", this.now.plus(Duration.ofHours(1)), Map.of("id_token", EXTRA)),
                true, Set.of("chat:write"), uid, this.now, this.now.plus(Duration.ofHours(1)));
    }

    private static AuthSessionKey key(String thread) {
        return new AuthSessionKey("acme", thread, "default", "slack");
    }

    private List<String> namespaceKeys() {
        List<String> keys = new ArrayList<>();
        ScanOptions options = ScanOptions.scanOptions().match(new RedisKeys(this.namespace).namespacePattern()).build();
        try (Cursor<String> cursor = redis.scan(options)) {
            cursor.forEachRemaining(keys::add);
        }
        return keys;
    }

    /**
     * Everything stored under the namespace: each key's DUMP bytes (read as Latin-1 so that any byte sequence
     * survives) and its content read by type.
     */
    private String rawNamespace() {
        StringBuilder raw = new StringBuilder();
        for (String key : namespaceKeys()) {
            byte[] dump = redis.execute((RedisCallback<byte[]>) (connection) -> connection.keyCommands()
                .dump(key.getBytes(StandardCharsets.UTF_8)));
            raw.append(key).append('\n').append(new String(dump, StandardCharsets.ISO_8859_1)).append('\n');
            DataType type = redis.type(key);
            if (type == DataType.HASH) {
                raw.append(redis.opsForHash().entries(key)).append('\n');
            }
            else if (type == DataType.ZSET) {
                raw.append(redis.opsForZSet().range(key, 0, -1)).append('\n');
            }
        }
        return raw.toString();
    }

    private Map<Object, Object> raw(RedisAuthSessionStore store, AuthSessionKey key) {
        return new LinkedHashMap<>(redis.opsForHash().entries(store.keys().session(key)));
    }

    @Test
    void putWhenContextHoldsSecretsThenNoStoredByteShowsThemInClearOrBase64() {
        RedisAuthSessionStore store = store(this.keyA);
        store.put(session(key("thread-1"), "uid-1"));
        assertThat(namespaceKeys()).hasSize(3);
        String raw = rawNamespace();
        assertThat(raw).contains("v1." + AuthContextCipher.of(this.keyA, List.of(), new SessionCodec().mapper())
            .currentKeyId() + ".");
        for (String secret : List.of(ACCESS, REFRESH, EXTRA)) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            assertThat(raw).doesNotContain(secret)
                .doesNotContain(Base64.getEncoder().encodeToString(bytes))
                .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(bytes))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        assertThat(store.find(key("thread-1"), this.now).orElseThrow().context().refreshToken()).isEqualTo(REFRESH);
    }

    @Test
    void findWhenWrittenWithPreviousKeyThenRotatedCipherReadsItAndNewWritesUseTheNewKey() {
        AuthSessionKey key = key("thread-1");
        store(this.keyA).put(session(key, null));
        RedisAuthSessionStore rotated = store(this.keyB, this.keyA);
        assertThat(rotated.find(key, this.now).orElseThrow().context().accessToken()).isEqualTo(ACCESS);

        rotated.put(session(key, null));
        String keyIdB = AuthContextCipher.of(this.keyB, List.of(), new SessionCodec().mapper()).currentKeyId();
        assertThat((String) raw(rotated, key).get(AuthHashField.CONTEXT.field())).startsWith("v1." + keyIdB + ".");
        assertThat(store(this.keyB).find(key, this.now).orElseThrow().context().accessToken()).isEqualTo(ACCESS);
        assertThatExceptionOfType(AuthDecryptionException.class)
            .isThrownBy(() -> store(this.keyA).find(key, this.now));
    }

    @Test
    void findWhenKeyIsWrongThenAuthDecryptionExceptionAndStoredValueUnchanged() {
        AuthSessionKey key = key("thread-1");
        RedisAuthSessionStore writer = store(this.keyA);
        writer.put(session(key, "uid-7"));
        Map<Object, Object> before = raw(writer, key);
        RedisAuthSessionStore wrong = store(this.keyB);
        assertThatExceptionOfType(AuthDecryptionException.class).isThrownBy(() -> wrong.find(key, this.now))
            .withMessageContaining("agent.session.auth.previous-keys")
            .withMessageNotContaining(ACCESS);
        assertThatExceptionOfType(AuthDecryptionException.class)
            .isThrownBy(() -> wrong.findByResolveUid("acme", "uid-7", this.now));
        assertThatExceptionOfType(AuthDecryptionException.class)
            .isThrownBy(() -> wrong.listForThread("acme", "thread-1", null, this.now));
        assertThat(raw(writer, key)).isEqualTo(before);
        assertThat(writer.find(key, this.now).orElseThrow().context().accessToken()).isEqualTo(ACCESS);
    }

    @Test
    void putWhenNoKeyConfiguredThenFailsNamingThePropertyAndWritesNothing() {
        RedisAuthSessionStore store = RedisTestSupport.authStore(factory, this.namespace, null);
        assertThatIllegalStateException().isThrownBy(() -> store.put(session(key("thread-1"), "uid-1")))
            .withMessageContaining("agent.session.auth.encryption-key");
        assertThat(namespaceKeys()).isEmpty();
    }

    @Test
    void findWhenNoKeyConfiguredAndContextStoredThenFailsNamingTheProperty() {
        AuthSessionKey key = key("thread-1");
        store(this.keyA).put(session(key, null));
        RedisAuthSessionStore store = RedisTestSupport.authStore(factory, this.namespace, null);
        assertThatIllegalStateException().isThrownBy(() -> store.find(key, this.now))
            .withMessageContaining("agent.session.auth.encryption-key");
    }

    @Test
    void putWhenNoKeyConfiguredAndSessionIsPendingThenStoredWithoutContext() {
        RedisAuthSessionStore store = RedisTestSupport.authStore(factory, this.namespace, null);
        AuthSessionKey key = key("thread-1");
        store.put(new AuthSession(key, AuthStatus.PENDING, null, true, Set.of("calendar"), "uid-2", this.now,
                this.now.plus(Duration.ofMinutes(15))));
        AuthSession pending = store.findByResolveUid("acme", "uid-2", this.now).orElseThrow();
        assertThat(pending.status()).isEqualTo(AuthStatus.PENDING);
        assertThat(pending.context()).isNull();
        assertThat(raw(store, key)).doesNotContainKey(AuthHashField.CONTEXT.field());
    }

    @Test
    void putWhenSessionExpiresThenKeysExpireRelativeToItsCreationAndAllShareOneSlot() {
        RedisAuthSessionStore store = store(this.keyA);
        AuthSessionKey key = key("thread-1");
        store.put(session(key, "uid-3"));
        List<String> keys = store.keys().scriptKeys(key);
        int slot = SlotHash.getSlot(keys.get(0));
        for (String stored : keys) {
            assertThat(redis.getExpire(stored, TimeUnit.SECONDS)).as(stored).isBetween(59 * 60L, 60 * 60L);
            assertThat(SlotHash.getSlot(stored)).as(stored).isEqualTo(slot);
        }
        assertThat(store.find(key, this.now.plus(Duration.ofMinutes(59)))).isPresent();
        assertThat(store.find(key, this.now.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(store.findByResolveUid("acme", "uid-3", this.now.plus(Duration.ofHours(1)))).isEmpty();
    }
}
