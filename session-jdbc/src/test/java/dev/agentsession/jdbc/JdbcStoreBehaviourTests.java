package dev.agentsession.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.SessionStatus;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conformance.MutableClock;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.store.RegisterWaitCommand;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * What the JDBC store promises beyond the conformance suite: batched, concurrent-safe expiry cleanup, a
 * clear health failure when the tables are missing, waits removed with the sessions every cleanup removes,
 * corruption confined to one session, and a constant number of statements per append. Once per database.
 */
@OnEveryJdbcPlatform
class JdbcStoreBehaviourTests {

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    @Parameter
    JdbcTestDatabase database;

    private String app;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open();
    }

    @BeforeEach
    void newApp() {
        this.app = "app-" + UUID.randomUUID();
    }

    private SessionManager manager(JdbcSessionStore store, SessionSettings settings) {
        return new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(this.clock), this.clock,
                new SessionCodec(), settings);
    }

    private List<SessionRef> createExpiring(JdbcSessionStore store, int count) {
        SessionManager expiring = manager(store, SessionSettings.defaults().withTtl(Duration.ofMinutes(5)));
        List<SessionRef> refs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SessionRef ref = expiring
                .create(NewSession.forUser(this.app, "user-" + (i % 7)).withState(Map.of("k", i)))
                .ref();
            expiring.append(ref, NewEvent.message("user", "hello " + i), NewEvent.message("assistant", "hi " + i));
            refs.add(ref);
        }
        return refs;
    }

    private int rowsOfApp(String table) {
        JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
        String sessions = this.database.table("SESSIONS");
        if (table.equals("SESSIONS")) {
            return jdbc.queryForObject("SELECT COUNT(*) FROM " + sessions + " WHERE APP = ?", Integer.class, this.app);
        }
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + this.database.table(table) + " WHERE SESSION_PK IN "
                + "(SELECT ID FROM " + sessions + " WHERE APP = ?)", Integer.class, this.app);
    }

    @Test
    void deleteExpiredWhenSessionsExpiredThenDeletesThemInBatchesWithEventsAndKeepsLiveOnes() {
        JdbcSessionStore store = this.database.store();
        createExpiring(store, 25);
        this.clock.advance(Duration.ofMinutes(10));
        SessionRef live = manager(store, SessionSettings.defaults()).create(NewSession.forUser(this.app, "alice"))
            .ref();
        int eventsBefore = new JdbcTemplate(this.database.dataSource())
            .queryForObject("SELECT COUNT(*) FROM " + this.database.table("EVENTS"), Integer.class);

        int deleted = store.deleteExpired(this.clock.instant(), 10);

        assertThat(deleted).isGreaterThanOrEqualTo(25);
        assertThat(rowsOfApp("SESSIONS")).isEqualTo(1);
        int eventsAfter = new JdbcTemplate(this.database.dataSource())
            .queryForObject("SELECT COUNT(*) FROM " + this.database.table("EVENTS"), Integer.class);
        assertThat(eventsBefore - eventsAfter).isGreaterThanOrEqualTo(50);
        assertThat(store.find(live, EventWindow.none(), this.clock.instant())).isPresent();
        assertThat(store.deleteExpired(this.clock.instant(), 10)).isZero();
    }

    private int waitsOfApp() {
        return new JdbcTemplate(this.database.dataSource()).queryForObject(
                "SELECT COUNT(*) FROM " + this.database.table("WAITS") + " WHERE APP = ?", Integer.class, this.app);
    }

    private static FlowState flow(String cursor) {
        return new FlowState("booking", cursor, JsonNodeFactory.instance.objectNode().put("step", cursor));
    }

    @Test
    void deleteExpiredWhenWaitsExpiredThenDeletesThemInBatchesAndKeepsLiveOnes() {
        JdbcSessionStore store = this.database.store();
        SessionManager sessions = manager(store, SessionSettings.defaults());
        SessionRef ref = sessions.create(NewSession.forUser(this.app, "alice")).ref();
        for (int i = 0; i < 23; i++) {
            sessions.registerWait(ref, ReplyScope.of("web", "short-" + i), flow("short"), Duration.ofMinutes(1),
                    null);
        }
        sessions.registerWait(ref, ReplyScope.of("web", "long"), flow("long"), Duration.ofHours(1), null);
        this.clock.advance(Duration.ofMinutes(2));

        store.deleteExpired(this.clock.instant(), 5);

        assertThat(waitsOfApp()).isEqualTo(1);
        assertThat(sessions.listWaits(SessionRef.DEFAULT_TENANT, this.app, "alice"))
            .extracting((wait) -> wait.flow().cursor())
            .containsExactly("long");
    }

    @Test
    void deleteExpiredWhenSessionExpiredThenItsLiveWaitsGoWithIt() {
        JdbcSessionStore store = this.database.store();
        SessionManager expiring = manager(store, SessionSettings.defaults().withTtl(Duration.ofMinutes(5)));
        SessionRef ref = expiring.create(NewSession.forUser(this.app, "alice")).ref();
        store.registerWait(new RegisterWaitCommand(new SessionWait(ref,
                ReplyScope.of("web", "w"), flow("w"), null, this.clock.instant(),
                this.clock.instant().plus(Duration.ofHours(1))), this.clock.instant().plus(Duration.ofMinutes(5))));
        this.clock.advance(Duration.ofMinutes(10));

        assertThat(store.deleteExpired(this.clock.instant(), 10)).isEqualTo(1);
        assertThat(waitsOfApp()).isZero();
    }

    @Test
    void archiveInactiveAndDeleteAllThenWaitsOfThoseSessionsAreRemoved() {
        JdbcSessionStore store = this.database.store();
        SessionManager sessions = manager(store, SessionSettings.defaults());
        SessionRef idle = sessions.create(NewSession.forUser(this.app, "alice")).ref();
        sessions.registerWait(idle, ReplyScope.of("web", "idle"), flow("idle"));
        this.clock.advance(Duration.ofHours(1));
        SessionRef busy = sessions.create(NewSession.forUser(this.app, "alice")).ref();
        sessions.registerWait(busy, ReplyScope.of("web", "busy"), flow("busy"));

        // The database is shared with the class's other tests, whose idle sessions are archived too.
        assertThat(store.archiveInactive(this.clock.instant().minus(Duration.ofMinutes(30)), this.clock.instant()))
            .isGreaterThanOrEqualTo(1);
        assertThat(sessions.get(idle, EventWindow.none()).status()).isEqualTo(SessionStatus.ARCHIVED);
        assertThat(sessions.get(busy, EventWindow.none()).status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(sessions.listWaits(SessionRef.DEFAULT_TENANT, this.app, "alice"))
            .extracting(SessionWait::session)
            .containsExactly(busy);

        assertThat(store.deleteAll(SessionRef.DEFAULT_TENANT, this.app)).isEqualTo(2);
        assertThat(waitsOfApp()).isZero();
    }

    @Test
    void deleteExpiredWhenRunConcurrentlyOnTwoNodesThenEverySessionDeletedOnceWithoutError() throws Exception {
        JdbcSessionStore nodeA = this.database.store();
        JdbcSessionStore nodeB = this.database.store();
        createExpiring(nodeA, 120);
        this.clock.advance(Duration.ofMinutes(10));
        Instant now = this.clock.instant();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (JdbcSessionStore node : List.of(nodeA, nodeB)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return node.deleteExpired(now, 7);
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> run : runs) {
                total += run.get(2, TimeUnit.MINUTES);
            }
            assertThat(total).isGreaterThanOrEqualTo(120);
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(rowsOfApp("SESSIONS")).isZero();
    }

    @Test
    void pingWhenTablesAreMissingThenUnavailableNamingTheTablesAndHowToCreateThem() {
        JdbcSessionStore store = new JdbcSessionStore(this.database.dataSource(),
                new JdbcStoreSettings(JdbcTestDatabase.randomPrefix(), null), new SessionCodec());
        assertThatExceptionOfType(SessionStoreUnavailableException.class).isThrownBy(store::ping)
            .withMessageContaining(store.settings().sessionsTable() + ", ")
            .withMessageContaining("missing")
            .withMessageContaining("agent.session.jdbc.initialize-schema=always")
            .withMessageContaining("migration/" + this.database.platform().dialect().id() + "/V1__agent_session.sql");
        assertThatNoException().isThrownBy(this.database.store()::ping);
    }

    @Test
    void findWhenEventJsonIsCorruptThenDataCorruptedNamingTheSessionWhileOthersStillRead() {
        SessionManager sessions = manager(this.database.store(), SessionSettings.defaults());
        SessionRef damaged = sessions.create(NewSession.forUser(this.app, "alice")).ref();
        sessions.append(damaged, NewEvent.message("user", "one"), NewEvent.message("user", "two"));
        SessionRef healthy = sessions.create(NewSession.forUser(this.app, "alice")).ref();
        sessions.append(healthy, NewEvent.message("user", "fine"));
        new JdbcTemplate(this.database.dataSource()).update("UPDATE " + this.database.table("EVENTS")
                + " SET EVENT_JSON = '{\"seq\": 2, \"id\": tru' WHERE SEQ = 2 AND SESSION_PK = (SELECT ID FROM "
                + this.database.table("SESSIONS") + " WHERE SESSION_ID = ?)", damaged.sessionId());

        assertThatExceptionOfType(SessionDataCorruptedException.class)
            .isThrownBy(() -> sessions.get(damaged, EventWindow.all()))
            .withMessageContaining(damaged.sessionId())
            .withMessageContaining("event");
        assertThat(sessions.events(damaged, 1, 1)).extracting((event) -> event.content()).containsExactly("one");
        assertThat(sessions.get(damaged, EventWindow.none()).eventCount()).isEqualTo(2);
        assertThat(sessions.get(healthy, EventWindow.all()).events()).extracting((event) -> event.content())
            .containsExactly("fine");
    }

    @Test
    void appendWhenHistoryGrowsFromTenToThousandThenStatementCountStaysConstant() {
        AtomicInteger statements = new AtomicInteger();
        JdbcSessionStore store = new JdbcSessionStore(
                JdbcTestDatabase.counting(this.database.dataSource(), statements), this.database.settings(),
                new SessionCodec());
        SessionManager sessions = manager(store, SessionSettings.defaults());
        SessionRef ref = sessions.create(NewSession.forUser(this.app, "alice")).ref();
        appendHistory(sessions, ref, 10);
        int atTen = statementsOfOneAppend(sessions, ref, statements);
        appendHistory(sessions, ref, 1000 - 12);
        assertThat(sessions.get(ref, EventWindow.none()).eventCount()).isEqualTo(1000);
        int atThousand = statementsOfOneAppend(sessions, ref, statements);

        assertThat(atThousand).isEqualTo(atTen);
        assertThat(atTen).isLessThanOrEqualTo(12);
        System.out.printf("JDBC %s: %d statements per append (history 10 and 1000)%n", this.database, atTen);
    }

    private static void appendHistory(SessionManager sessions, SessionRef ref, int count) {
        for (int done = 0; done < count; done += 100) {
            List<NewEvent> batch = new ArrayList<>();
            for (int i = done; i < Math.min(count, done + 100); i++) {
                batch.add(NewEvent.message("user", "m" + i));
            }
            sessions.append(ref, batch, null);
        }
    }

    private static int statementsOfOneAppend(SessionManager sessions, SessionRef ref, AtomicInteger statements) {
        statements.set(0);
        sessions.append(ref, NewEvent.message("user", "measured")
            .withStateDelta(Map.of("k", 1, "user:k", 2, "app:k", 3)), NewEvent.message("assistant", "answer"));
        return statements.get();
    }
}
