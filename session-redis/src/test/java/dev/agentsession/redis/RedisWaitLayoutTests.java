package dev.agentsession.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.conformance.MutableClock;
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
 * What the Redis wait layout promises beyond the conformance suite: relative expiry of the wait keys, the
 * per-session set of wait fields, waits removed by {@code archiveInactive} and {@code deleteAll}, and no
 * wait inherited by a session id reused after its keys expired.
 */
class RedisWaitLayoutTests {

    private static final String NAMESPACE = RedisTestSupport.randomNamespace();

    private static LettuceConnectionFactory factory;

    private static RedisSessionStore store;

    private static StringRedisTemplate redis;

    // A year ahead of real time: key expiry must still be relative to the command's now.
    private final MutableClock clock = new MutableClock(
            Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.MILLIS));

    private final String app = "wait-app-" + UUID.randomUUID();

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
        return new FlowState("booking", cursor, new SessionCodec().mapper().createObjectNode().put("step", cursor));
    }

    private WaitKey waitKey(String userId, ReplyScope scope) {
        return WaitKey.of(this.app, userId, scope);
    }

    private List<String> appKeys() {
        List<String> keys = new ArrayList<>();
        String pattern = store.keys().appPrefix(SessionRef.DEFAULT_TENANT, this.app) + "*";
        try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(pattern).count(1000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        return keys;
    }

    @Test
    void registerWaitThenWaitKeysExpireRelativeToTheCommandTime() {
        SessionManager sessions = manager(SessionSettings.defaults().withTtl(Duration.ofHours(2)));
        SessionRef ref = sessions.create(NewSession.forUser(this.app, "alice")).ref();
        sessions.registerWait(ref, ReplyScope.of("web", "a"), flow("a"), Duration.ofMinutes(10), null);
        String waits = store.keys().waits(ref.tenant(), ref.app(), "alice");
        assertThat(redis.getExpire(waits, TimeUnit.SECONDS)).isBetween(9 * 60L, 10 * 60L);
        sessions.registerWait(ref, ReplyScope.of("web", "b"), flow("b"), Duration.ofMinutes(30), null);
        assertThat(redis.getExpire(waits, TimeUnit.SECONDS)).isBetween(29 * 60L, 30 * 60L);
        sessions.registerWait(ref, ReplyScope.of("web", "c"), flow("c"), Duration.ofMinutes(5), null);
        assertThat(redis.getExpire(waits, TimeUnit.SECONDS)).as("never shortened").isBetween(29 * 60L, 30 * 60L);
        String owned = store.keys().session(ref) + ":w";
        assertThat(redis.opsForSet().size(owned)).isEqualTo(3);
        assertThat(redis.getExpire(owned, TimeUnit.SECONDS)).isBetween(119 * 60L, 120 * 60L);
    }

    @Test
    void deleteWhenItsWaitWasReplacedByAnotherSessionThenTheNewWaitStays() {
        SessionManager sessions = manager(SessionSettings.defaults());
        SessionRef first = sessions.create(NewSession.forUser(this.app, "alice")).ref();
        SessionRef second = sessions.create(NewSession.forUser(this.app, "alice")).ref();
        ReplyScope scope = ReplyScope.of("slack", "C1");
        sessions.registerWait(first, scope, flow("one"));
        sessions.registerWait(second, scope, flow("two"));
        assertThat(redis.opsForSet().size(store.keys().session(first) + ":w")).isZero();
        sessions.delete(first);
        assertThat(sessions.findWait(waitKey("alice", scope))).map(SessionWait::session).contains(second);
    }

    @Test
    void archiveInactiveThenWaitsOfArchivedSessionsAreRemovedAndOthersStay() {
        SessionManager sessions = manager(SessionSettings.defaults());
        SessionRef idle = sessions.create(NewSession.forUser(this.app, "alice")).ref();
        SessionRef busy = sessions.create(NewSession.forUser(this.app, "alice")).ref();
        sessions.registerWait(idle, ReplyScope.of("web", "idle"), flow("idle"));
        this.clock.advance(Duration.ofHours(2));
        sessions.registerWait(busy, ReplyScope.of("web", "busy"), flow("busy"));
        assertThat(sessions.archiveInactive(Duration.ofHours(1))).isEqualTo(1);
        assertThat(sessions.listWaits(SessionRef.DEFAULT_TENANT, this.app, "alice")).extracting(SessionWait::session)
            .containsExactly(busy);
        assertThat(redis.hasKey(store.keys().session(idle) + ":w")).isFalse();
        assertThat(redis.opsForHash().keys(store.keys().waits(SessionRef.DEFAULT_TENANT, this.app, "alice")))
            .hasSize(1);
    }

    @Test
    void deleteAllThenNoKeyOfTheAppRemainsWaitsIncluded() {
        SessionManager sessions = manager(SessionSettings.defaults().withTtl(Duration.ofHours(1)));
        for (String user : List.of("alice", "bob")) {
            SessionRef ref = sessions.create(NewSession.forUser(this.app, user)).ref();
            sessions.registerWait(ref, ReplyScope.of("web", user), flow(user));
        }
        assertThat(appKeys()).anyMatch((key) -> key.contains(":w:")).anyMatch((key) -> key.endsWith(":w"));
        assertThat(sessions.deleteAll(SessionRef.DEFAULT_TENANT, this.app)).isEqualTo(2);
        assertThat(appKeys()).isEmpty();
    }

    @Test
    void findWaitWhenSessionIdIsReusedAfterItsKeysExpiredThenTheOldWaitIsNotInherited() {
        SessionManager sessions = manager(SessionSettings.defaults());
        SessionRef ref = sessions.create(NewSession.forUser(this.app, "alice").withId("reused")).ref();
        ReplyScope scope = ReplyScope.of("web", "old");
        sessions.registerWait(ref, scope, flow("old"), Duration.ofDays(1), null);
        // What Redis does when the session's keys expire: they vanish, the user's wait hash stays.
        String base = store.keys().session(ref);
        redis.delete(List.of(base + ":m", base + ":s", base + ":e", base + ":i", base + ":t", base + ":w"));
        this.clock.advance(Duration.ofMillis(1));
        sessions.create(NewSession.forUser(this.app, "alice").withId("reused"));
        assertThat(sessions.findWait(waitKey("alice", scope))).isEmpty();
        assertThat(redis.opsForHash().hasKey(store.keys().waits(ref.tenant(), ref.app(), "alice"),
                RedisKeys.waitField(scope))).as("the dead wait is removed when met").isFalse();
    }

    @Test
    void waitFieldWhenThreadIsAbsentThenDiffersFromEveryThreadAndReadsBack() {
        ReplyScope none = ReplyScope.of("slack", "C1");
        assertThat(RedisKeys.waitField(none)).endsWith(".-");
        for (String thread : List.of("-", ".", "T1", "0")) {
            ReplyScope scope = ReplyScope.of("slack", "C1", thread);
            assertThat(RedisKeys.waitField(scope)).isNotEqualTo(RedisKeys.waitField(none)).matches("[0-9a-f.]+");
            assertThat(RedisKeys.replyScope(RedisKeys.waitField(scope))).isEqualTo(scope);
        }
        assertThat(RedisKeys.replyScope(RedisKeys.waitField(none))).isEqualTo(none);
    }
}
