package dev.agentsession.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionPage;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.SessionStatus;
import dev.agentsession.SessionSummary;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthSession;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthStatus;
import dev.agentsession.conformance.MutableClock;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A record that cannot be read affects only its own session (SPEC 3.5): each kind of field of one session, wait
 * or auth session is overwritten by hand with what the store cannot read, and listings, wait lists, thread lists
 * and archiving go on without it while it reads as corrupted and can be deleted. On standalone Redis and on a
 * cluster.
 */
@ParameterizedClass(name = "{0}")
@MethodSource(RedisTarget.STANDALONE_AND_CLUSTER)
class RedisContainmentTests {

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    @Parameter
    RedisTarget redis;

    private RedisSessionStore store;

    private SessionManager sessions;

    private String app;

    @BeforeParameterizedClassInvocation
    static void connect(RedisTarget redis) throws Exception {
        redis.connect();
    }

    @AfterParameterizedClassInvocation
    static void disconnect(RedisTarget redis) throws Exception {
        redis.disconnect();
    }

    @BeforeEach
    void setUp() {
        this.store = new RedisSessionStore(this.redis.factory(), new SessionCodec(), this.redis.namespace());
        this.sessions = new DefaultSessionManager(this.store, this.store,
                new TimeOrderedSessionIdGenerator(this.clock), this.clock, new SessionCodec(),
                SessionSettings.defaults());
        this.app = "app-" + UUID.randomUUID();
    }

    private StringRedisTemplate template() {
        return new StringRedisTemplate(this.redis.factory());
    }

    private SessionRef create(String userId) {
        this.clock.advance(Duration.ofMillis(1));
        SessionRef ref = this.sessions
            .create(NewSession.forUser(this.app, userId).withMetadata(Map.of("channel", "web")))
            .ref();
        this.sessions.append(ref, NewEvent.message("user", "hello"));
        return ref;
    }

    @Test
    void listAndArchiveInactiveWhenOneSessionRecordIsCorruptThenOthersGoOnAndItCanBeDeleted() {
        for (SessionHashField[] fields : List.of(new SessionHashField[] { SessionHashField.METADATA },
                new SessionHashField[] { SessionHashField.STATUS },
                new SessionHashField[] { SessionHashField.EXPIRES_AT },
                new SessionHashField[] { SessionHashField.VERSION, SessionHashField.EXPIRES_AT })) {
            List<SessionRef> good = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                good.add(create("user-" + i));
            }
            SessionRef corrupt = create("user-2");
            good.add(create("user-2"));
            for (SessionHashField field : fields) {
                template().opsForHash().put(this.store.keys().session(corrupt) + ":m", field.field(), "x{");
            }
            String what = fields[0].name();

            assertThatExceptionOfType(SessionDataCorruptedException.class).as(what)
                .isThrownBy(() -> this.sessions.get(corrupt, EventWindow.none()));
            assertThat(listAll(SessionQuery.forApp(this.app).withLimit(2))).as(what)
                .containsAll(good)
                .doesNotHaveDuplicates()
                .doesNotContain(corrupt);
            assertThat(listAll(SessionQuery.forApp(this.app).withUser("user-2").withLimit(1))).as(what)
                .containsExactly(good.get(5), good.get(2));
            this.clock.advance(Duration.ofMillis(1));
            assertThat(this.sessions.archiveInactive(Duration.ZERO)).as(what).isGreaterThanOrEqualTo(6);
            assertThat(this.sessions.list(SessionQuery.forApp(this.app).withStatus(SessionStatus.ARCHIVED)
                .withLimit(100)).sessions()).as(what).hasSizeGreaterThanOrEqualTo(6);
            assertThat(this.sessions.delete(corrupt)).as(what).isTrue();
            assertThat(this.sessions.find(corrupt, EventWindow.none())).as(what).isEmpty();
            this.sessions.deleteAll("default", this.app);
        }
    }

    @Test
    void writeOrReadWhenVersionOrEventCountIsNoNumberThenDataCorruptedAndDeleteStillWorks() {
        for (SessionHashField field : List.of(SessionHashField.VERSION, SessionHashField.EVENT_COUNT)) {
            SessionRef corrupt = create("alice");
            SessionRef good = create("alice");
            template().opsForHash().put(this.store.keys().session(corrupt) + ":m", field.field(), "seven");
            FlowState flow = new FlowState("f", "c", JsonNodeFactory.instance.objectNode());

            assertThatExceptionOfType(SessionDataCorruptedException.class).as(field.name())
                .isThrownBy(() -> this.sessions.get(corrupt, EventWindow.all()));
            assertThatExceptionOfType(SessionDataCorruptedException.class).as(field.name())
                .isThrownBy(() -> this.sessions.append(corrupt, NewEvent.message("user", "more")));
            assertThatExceptionOfType(SessionDataCorruptedException.class).as(field.name())
                .isThrownBy(() -> this.sessions.updateState(corrupt, Map.of("k", 1), null));
            assertThatExceptionOfType(SessionDataCorruptedException.class).as(field.name())
                .isThrownBy(() -> this.sessions.registerWait(corrupt, ReplyScope.of("chat", "c"), flow));
            assertThatExceptionOfType(SessionDataCorruptedException.class).as(field.name())
                .isThrownBy(() -> this.sessions.archive(corrupt));
            assertThat(this.sessions.append(good, NewEvent.message("user", "fine")).eventCount()).isEqualTo(2);
            assertThat(this.sessions.delete(corrupt)).as(field.name()).isTrue();
        }
    }

    @Test
    void listWaitsWhenOneWaitOrItsSessionIsCorruptThenTheOthersAreListed() {
        SessionRef ref = create("alice");
        SessionRef brokenSession = create("alice");
        FlowState flow = new FlowState("f", "c", JsonNodeFactory.instance.objectNode().put("step", 1));
        this.sessions.registerWait(ref, ReplyScope.of("slack", "C1"), flow, null, null);
        this.sessions.registerWait(ref, ReplyScope.of("slack", "C2"), flow, null, null);
        this.sessions.registerWait(brokenSession, ReplyScope.of("slack", "C3"), flow, null, null);
        String waits = this.store.keys().waits("default", this.app, "alice");
        String field = RedisKeys.waitField(ReplyScope.of("slack", "C2"));
        String value = (String) template().opsForHash().get(waits, field);
        template().opsForHash().put(waits, field, value.substring(0, value.indexOf("{\"flow\"")) + "{\"flow\": [");
        template().opsForHash().put(this.store.keys().session(brokenSession) + ":m",
                SessionHashField.CREATED_AT.field(), "yesterday");

        assertThat(this.sessions.listWaits("default", this.app, "alice")).extracting(SessionWait::scope)
            .containsExactly(ReplyScope.of("slack", "C1"));
        assertThat(this.sessions.delete(brokenSession)).isTrue();
    }

    @Test
    void listForThreadWhenOneAuthSessionIsCorruptThenTheOthersAreListed() {
        RedisAuthSessionStore auth = RedisTestSupport.authStore(this.redis.factory(), this.redis.namespace(),
                RedisTestSupport.randomCipher());
        String tenant = "tenant-" + UUID.randomUUID();
        Instant now = this.clock.instant();
        for (String provider : List.of("slack", "google", "github", "jira")) {
            auth.put(new AuthSession(new AuthSessionKey(tenant, "thread-1", "default", provider), AuthStatus.ACTIVE,
                    new AuthContext("access-" + provider, null, "Bearer", null, Map.of()), true, Set.of("read"), null,
                    now, now.plus(Duration.ofHours(1))));
        }
        String google = auth.keys().session(new AuthSessionKey(tenant, "thread-1", "default", "google"));
        String sealed = (String) template().opsForHash().get(google, AuthHashField.CONTEXT.field());
        // The ciphertext damaged, its key id kept: one record is corrupt, the configuration is right.
        template().opsForHash().put(google, AuthHashField.CONTEXT.field(),
                sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA"));
        template().opsForHash().put(auth.keys().session(new AuthSessionKey(tenant, "thread-1", "default", "github")),
                AuthHashField.STATUS.field(), "BROKEN");
        template().opsForHash().put(auth.keys().session(new AuthSessionKey(tenant, "thread-1", "default", "jira")),
                AuthHashField.SCOPES.field(), "{");

        assertThat(auth.listForThread(tenant, "thread-1", null, now))
            .extracting((session) -> session.key().provider())
            .containsExactly("slack");
        assertThat(auth.deleteThread(tenant, "thread-1")).isEqualTo(4);
    }

    private List<SessionRef> listAll(SessionQuery query) {
        List<SessionRef> refs = new ArrayList<>();
        SessionQuery next = query;
        while (true) {
            SessionPage page = this.sessions.list(next);
            page.sessions().stream().map(SessionSummary::ref).forEach(refs::add);
            if (page.nextPageToken() == null) {
                return refs;
            }
            next = next.withPageToken(page.nextPageToken());
        }
    }
}
