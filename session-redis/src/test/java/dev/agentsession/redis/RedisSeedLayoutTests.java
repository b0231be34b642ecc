package dev.agentsession.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthGrant;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.DefaultAuthSessionManager;
import dev.agentsession.conformance.MutableClock;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Redis layout of metadata indexes, waits for another user and the privacy operations promises beyond the
 * conformance suites: short metadata index keys that expire with nothing but are removed with their app, the
 * session's metadata suffixes expiring with it, no key of an erased user left in any app, and clearAll keeping the
 * auth sessions and every other namespace.
 */
class RedisSeedLayoutTests {

    private static final String NAMESPACE = RedisTestSupport.randomNamespace();

    private static LettuceConnectionFactory factory;

    private static RedisSessionStore store;

    private static StringRedisTemplate redis;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    private final String app = "seed-app-" + UUID.randomUUID();

    @BeforeAll
    static void connect() {
        factory = RedisTestSupport.local();
        store = new RedisSessionStore(factory, new SessionCodec(), NAMESPACE);
        redis = new StringRedisTemplate(factory);
    }

    @AfterAll
    static void deleteKeys() {
        if (factory != null) {
            RedisTestSupport.deleteNamespace(factory, NAMESPACE);
            factory.destroy();
        }
    }

    private SessionManager manager(SessionSettings settings) {
        return new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(this.clock), this.clock,
                new SessionCodec(), settings);
    }

    private static FlowState flow(String cursor) {
        return new FlowState("approval", cursor, new SessionCodec().mapper().createObjectNode().put("step", cursor));
    }

    private static List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(pattern).count(1000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        return keys;
    }

    private List<String> appKeys() {
        return keys(store.keys().appPrefix(SessionRef.DEFAULT_TENANT, this.app) + "*");
    }

    @Test
    void metadataIndexWhenValueIsLongThenItsKeyStaysShortAndTheSessionsSuffixesExpireWithIt() {
        SessionManager sessions = manager(SessionSettings.defaults().withTtl(Duration.ofMinutes(30)));
        SessionRef ref = sessions.create(NewSession.forUser(this.app, "alice")
            .withMetadata(Map.of("note", "x".repeat(5000)))).ref();
        String index = store.keys().metadataIndex(ref.tenant(), ref.app(), "note", "x".repeat(5000));
        assertThat(index.length()).isLessThan(store.keys().appPrefix(ref.tenant(), ref.app()).length() + 70);
        assertThat(redis.opsForZSet().zCard(index)).isEqualTo(1);
        assertThat(redis.getExpire(index)).isEqualTo(-1L);
        assertThat(redis.getExpire(store.keys().session(ref) + ":x", TimeUnit.SECONDS)).isBetween(29 * 60L, 30 * 60L);
    }

    @Test
    void deleteAllThenNoKeyOfTheAppRemainsMetadataIndexesAndWaitsForOtherUsersIncluded() {
        SessionManager sessions = manager(SessionSettings.defaults().withTtl(Duration.ofHours(1)));
        SessionRef ref = sessions.create(NewSession.forUser(this.app, "alice")
            .withMetadata(Map.of("channel", "slack", "tier", "gold"))).ref();
        sessions.updateMetadata(ref, Map.of("tier", "silver"));
        sessions.registerWait(ref, "manager", ReplyScope.of("slack", "approve"), flow("approve"));
        assertThat(appKeys()).anyMatch((key) -> key.contains(":mx:")).anyMatch((key) -> key.endsWith(":mxs"))
            .anyMatch((key) -> key.endsWith(":w:" + RedisKeys.encode("manager")));
        assertThat(sessions.deleteAll(SessionRef.DEFAULT_TENANT, this.app)).isEqualTo(1);
        assertThat(appKeys()).isEmpty();
    }

    @Test
    void eraseUserThenNoKeyNamesTheUserInAnyAppAndOthersKeepTheirs() {
        SessionManager sessions = manager(SessionSettings.defaults());
        SessionRef alice = sessions.create(NewSession.forUser(this.app, "alice")
            .withMetadata(Map.of("channel", "slack"))
            .withState(Map.of("user:tier", "gold"))).ref();
        SessionRef bob = sessions.create(NewSession.forUser(this.app + "-2", "bob")
            .withMetadata(Map.of("channel", "slack"))).ref();
        sessions.registerWait(alice, "bob", ReplyScope.of("slack", "ask-bob"), flow("ask"));
        sessions.registerWait(bob, "alice", ReplyScope.of("slack", "ask-alice"), flow("ask"));
        sessions.create(NewSession.forUser(this.app + "-3", "alice").withState(Map.of("user:left", 1)));

        assertThat(store.eraseUser(SessionRef.DEFAULT_TENANT, "alice")).isEqualTo(2);

        assertThat(keys(store.keys().userKeysPattern(SessionRef.DEFAULT_TENANT, "alice"))).isEmpty();
        assertThat(keys(store.keys().session(alice) + ":*")).isEmpty();
        assertThat(redis.opsForZSet().zCard(store.keys().metadataIndex(alice.tenant(), alice.app(), "channel",
                "slack"))).isZero();
        assertThat(redis.opsForSet().size(store.keys().session(bob) + ":w")).as("bob's wait for alice is gone")
            .isZero();
        assertThat(redis.hasKey(store.keys().session(bob) + ":m")).isTrue();
    }

    @Test
    void clearAllThenOnlyTheNamespacesSessionKeysGo() {
        String other = RedisTestSupport.randomNamespace();
        RedisSessionStore otherStore = new RedisSessionStore(factory, new SessionCodec(), other);
        try {
            new DefaultSessionManager(otherStore, otherStore, new TimeOrderedSessionIdGenerator(this.clock),
                    this.clock, new SessionCodec(), SessionSettings.defaults())
                .create(NewSession.forUser(this.app, "kept"));
            RedisAuthSessionStore auth = RedisTestSupport.authStore(factory, NAMESPACE,
                    RedisTestSupport.randomCipher());
            new DefaultAuthSessionManager(auth, this.clock, Duration.ofMinutes(15)).put(AuthGrant.active(
                    AuthSessionKey.of("thread-1", "slack"),
                    AuthContext.bearer("xoxp-1", this.clock.instant().plus(Duration.ofHours(1))), Set.of("read")));
            manager(SessionSettings.defaults()).create(NewSession.forUser(this.app, "alice")
                .withMetadata(Map.of("channel", "slack")));

            store.clearAll();

            assertThat(keys(store.keys().namespacePattern()))
                .isNotEmpty()
                .allMatch((key) -> key.startsWith(new RedisAuthKeys(store.keys()).prefix()));
            assertThat(keys(otherStore.keys().namespacePattern())).isNotEmpty();
        }
        finally {
            RedisTestSupport.deleteNamespace(factory, other);
        }
    }
}
