package dev.agentsession.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.SessionSummary;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conformance.MutableClock;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Redis layout promises beyond the conformance suite: relative key expiry on all of a session's keys
 * (and none on the app's), stale index entries skipped and removed when met, and the flow field read back.
 */
class RedisSessionStoreLayoutTests {

    private static final String NAMESPACE = RedisTestSupport.randomNamespace();

    private static LettuceConnectionFactory factory;

    private static RedisSessionStore store;

    private static StringRedisTemplate redis;

    // A test clock a year ahead of real time: key expiry must still be relative to the command's now.
    private final MutableClock clock = new MutableClock(
            Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.MILLIS));

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

    @Test
    void writeWhenTtlIsSetThenEverySessionKeyExpiresRelativelyAndAppKeysNever() {
        SessionManager sessions = manager(SessionSettings.defaults().withTtl(Duration.ofMinutes(30)));
        SessionRef ref = sessions.create(NewSession.forUser("ttl-app", "alice")).ref();
        this.clock.advance(Duration.ofMinutes(10));
        sessions.append(ref, NewEvent.message("user", "hi").withStateDelta(Map.of("k", 1, "user:u", 1, "app:a", 1)));
        List<String> keys = store.keys().sessionScriptKeys(ref);
        for (String key : keys.subList(0, 5)) {
            assertThat(redis.getExpire(key, TimeUnit.SECONDS)).as(key).isBetween(29 * 60L, 30 * 60L);
        }
        for (String key : keys.subList(5, 10)) {
            assertThat(redis.hasKey(key)).as(key).isTrue();
            assertThat(redis.getExpire(key)).as(key).isEqualTo(-1L);
        }
        SessionManager forever = manager(SessionSettings.defaults());
        forever.updateState(ref, Map.of("k", 2), null);
        for (String key : keys.subList(0, 5)) {
            assertThat(redis.getExpire(key)).as(key).isEqualTo(-1L);
        }
    }

    @Test
    void listWhenASessionKeyVanishedThenItIsSkippedAndItsIndexEntriesRemoved() {
        SessionManager sessions = manager(SessionSettings.defaults());
        SessionRef gone = sessions.create(NewSession.forUser("stale-app", "alice")).ref();
        this.clock.advance(Duration.ofMillis(1));
        SessionRef kept = sessions.create(NewSession.forUser("stale-app", "alice")).ref();
        redis.delete(store.keys().session(gone) + ":m");
        String appIndex = store.keys().appIndex(gone.tenant(), gone.app());
        String userIndex = store.keys().userIndex(gone.tenant(), gone.app(), "alice");
        assertThat(redis.opsForZSet().zCard(appIndex)).isEqualTo(2);

        assertThat(sessions.list(SessionQuery.forApp("stale-app")).sessions()).extracting(SessionSummary::ref)
            .containsExactly(kept);
        assertThat(redis.opsForZSet().zCard(appIndex)).isEqualTo(1);
        assertThat(sessions.list(SessionQuery.forApp("stale-app").withUser("alice")).sessions())
            .extracting(SessionSummary::ref)
            .containsExactly(kept);
        assertThat(redis.opsForZSet().zCard(userIndex)).isEqualTo(1);
        assertThat(sessions.find(gone, EventWindow.all())).isEmpty();
    }

    @Test
    void findWhenAFlowIsStoredThenItIsReadBack() {
        SessionManager sessions = manager(SessionSettings.defaults());
        SessionRef ref = sessions.create(NewSession.forUser("flow-app", "alice")).ref();
        assertThat(sessions.get(ref, EventWindow.none()).flow()).isNull();
        redis.opsForHash().put(store.keys().session(ref) + ":m", SessionHashField.FLOW.field(),
                "{\"flowId\":\"checkout\",\"cursor\":\"approve\",\"snapshot\":{\"step\":3}}");
        AgentSession read = sessions.get(ref, EventWindow.none());
        assertThat(read.flow()).isNotNull();
        assertThat(read.flow().flowId()).isEqualTo("checkout");
        assertThat(read.flow().cursor()).isEqualTo("approve");
        assertThat(read.flow().snapshot().get("step").asInt()).isEqualTo(3);
    }
}
