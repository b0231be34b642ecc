package dev.agentsession.redis;

import java.time.Clock;
import java.util.Map;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Unreadable data (garbage written into one session's keys by hand) raises
 * {@link SessionDataCorruptedException} naming that session, and every other session keeps working.
 */
class RedisSessionStoreCorruptionTests {

    private static final String NAMESPACE = RedisTestSupport.randomNamespace();

    private static LettuceConnectionFactory factory;

    private static RedisSessionStore store;

    private static SessionManager sessions;

    @BeforeAll
    static void connect() {
        factory = RedisTestSupport.local();
        store = new RedisSessionStore(factory, new SessionCodec(), NAMESPACE);
        sessions = new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(Clock.systemUTC()),
                Clock.systemUTC(), new SessionCodec(), SessionSettings.defaults());
    }

    @AfterAll
    static void deleteKeys() {
        if (factory != null) {
            RedisTestSupport.deleteNamespace(factory, NAMESPACE);
            factory.destroy();
        }
    }

    @Test
    void findWhenAnEventIsGarbageThenCorruptedNamingTheSessionAndOthersStillRead() {
        SessionRef broken = sessions.create(NewSession.forUser("corrupt-app", "alice")).ref();
        SessionRef healthy = sessions.create(NewSession.forUser("corrupt-app", "alice")).ref();
        sessions.append(broken, NewEvent.message("user", "one"), NewEvent.message("user", "two"));
        sessions.append(healthy, NewEvent.message("user", "fine"));
        redis().opsForHash().put(store.keys().session(broken) + ":e", "2", "{\"seq\": not json");

        assertThatExceptionOfType(SessionDataCorruptedException.class)
            .isThrownBy(() -> sessions.get(broken, EventWindow.all()))
            .withMessageContaining("event 2")
            .withMessageContaining(broken.toString())
            .satisfies((ex) -> assertThat(ex.getRef()).isEqualTo(broken));
        assertThat(sessions.get(broken, EventWindow.none()).eventCount()).isEqualTo(2);
        assertThat(sessions.events(broken, 1, 1)).extracting((event) -> event.content()).containsExactly("one");
        assertThat(sessions.get(healthy, EventWindow.all()).events()).extracting((event) -> event.content())
            .containsExactly("fine");
        assertThat(sessions.list(SessionQuery.forApp("corrupt-app")).sessions()).hasSize(2);
    }

    @Test
    void findWhenAStateValueIsGarbageThenCorruptedNamingTheSessionAndKey() {
        SessionRef broken = sessions.create(NewSession.forUser("corrupt-state", "bob").withState(Map.of("k", 1)))
            .ref();
        SessionRef healthy = sessions.create(NewSession.forUser("corrupt-state", "bob").withState(Map.of("k", 2)))
            .ref();
        redis().opsForHash().put(store.keys().session(broken) + ":s", "k", "{oops");

        assertThatExceptionOfType(SessionDataCorruptedException.class)
            .isThrownBy(() -> sessions.get(broken, EventWindow.none()))
            .withMessageContaining("state value 'k'")
            .withMessageContaining(broken.toString());
        assertThat(sessions.get(healthy, EventWindow.none()).state()).containsEntry("k", 2);
    }

    @Test
    void findWhenTheSessionRecordIsGarbageThenCorrupted() {
        SessionRef broken = sessions.create(NewSession.forUser("corrupt-meta", "carol")).ref();
        redis().opsForHash().put(store.keys().session(broken) + ":m", SessionHashField.METADATA.field(), "[1, 2");
        redis().opsForHash().put(store.keys().session(broken) + ":m", SessionHashField.VERSION.field(),
                "not-a-number");

        assertThatExceptionOfType(SessionDataCorruptedException.class)
            .isThrownBy(() -> sessions.get(broken, EventWindow.none()))
            .withMessageContaining(broken.toString());
    }

    private static StringRedisTemplate redis() {
        return new StringRedisTemplate(factory);
    }
}
