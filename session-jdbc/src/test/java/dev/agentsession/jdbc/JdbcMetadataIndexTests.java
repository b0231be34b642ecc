package dev.agentsession.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conformance.MutableClock;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata index of the JDBC store: its rows carry the session's listing sort key through every kind of write,
 * go with the session, and cost a session with metadata one statement per append, whatever its history. Once per
 * database.
 */
@OnEveryJdbcPlatform
class JdbcMetadataIndexTests {

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

    private SessionManager manager(JdbcSessionStore store) {
        return new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(this.clock), this.clock,
                new SessionCodec(), SessionSettings.defaults());
    }

    /**
     * The update times of a session's metadata index rows, and of the session row, in one list (the session's last).
     */
    private List<Long> updateTimes(SessionRef ref) {
        JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
        String sessions = this.database.table("SESSIONS");
        List<Long> times = new ArrayList<>(jdbc.queryForList("SELECT M.UPDATED_AT FROM "
                + this.database.table("SESSION_METADATA") + " M JOIN " + sessions
                + " S ON S.ID = M.SESSION_PK WHERE S.APP = ? AND S.SESSION_ID = ? ORDER BY M.META_KEY", Long.class,
                this.app, ref.sessionId()));
        times.add(jdbc.queryForObject("SELECT UPDATED_AT FROM " + sessions + " WHERE APP = ? AND SESSION_ID = ?",
                Long.class, this.app, ref.sessionId()));
        return times;
    }

    @Test
    void metadataRowsWhenSessionIsWrittenAnyWayThenFollowItsUpdateTime() {
        SessionManager sessions = manager(this.database.store());
        SessionRef ref = sessions
            .create(NewSession.forUser(this.app, "alice").withMetadata(Map.of("channel", "slack", "tier", "gold")))
            .ref();
        FlowState flow = new FlowState("f", "c", JsonMapper.builder().build().createObjectNode());
        List<Runnable> writes = List.of(() -> sessions.append(ref, NewEvent.message("user", "hi")),
                () -> sessions.updateState(ref, Map.of("k", 1)), () -> sessions.updateFlow(ref, flow),
                () -> sessions.registerWait(ref, ReplyScope.of("web", "x"), flow),
                () -> sessions.resume(new WaitKey(ref.tenant(), ref.app(), "alice",
                        ReplyScope.of("web", "x")), true),
                () -> sessions.updateMetadata(ref, Map.of("tier", "silver")));
        for (Runnable write : writes) {
            this.clock.advance(Duration.ofMillis(3));
            write.run();
            List<Long> times = updateTimes(ref);
            assertThat(times).hasSize(3).containsOnly(times.get(2));
        }
    }

    @Test
    void metadataRowsWhenSessionIsDeletedThenGoWithIt() {
        JdbcSessionStore store = this.database.store();
        SessionManager sessions = manager(store);
        SessionRef ref = sessions.create(NewSession.forUser(this.app, "alice").withMetadata(Map.of("a", "b")))
            .ref();
        sessions.delete(ref);
        assertThat(new JdbcTemplate(this.database.dataSource()).queryForObject("SELECT COUNT(*) FROM "
                + this.database.table("SESSION_METADATA") + " WHERE USER_ID = ? AND SESSION_ID = ?", Integer.class,
                "alice", ref.sessionId())).isZero();
    }

    @Test
    void appendWhenSessionHasMetadataThenOneMoreStatementWhateverTheHistory() {
        AtomicInteger statements = new AtomicInteger();
        JdbcSessionStore store = new JdbcSessionStore(
                JdbcTestDatabase.counting(this.database.dataSource(), statements), this.database.settings(),
                new SessionCodec());
        SessionManager sessions = manager(store);
        SessionRef plain = sessions.create(NewSession.forUser(this.app, "alice")).ref();
        SessionRef tagged = sessions
            .create(NewSession.forUser(this.app, "alice").withMetadata(Map.of("channel", "slack", "tier", "gold")))
            .ref();
        int withoutMetadata = statementsOfOneAppend(sessions, plain, statements);
        int withMetadata = statementsOfOneAppend(sessions, tagged, statements);
        for (int i = 0; i < 5; i++) {
            sessions.append(tagged, IntStream.range(0, 100)
                .mapToObj((n) -> NewEvent.message("user", "m" + n))
                .toList(), null);
        }
        assertThat(withMetadata).isEqualTo(withoutMetadata + 1);
        assertThat(statementsOfOneAppend(sessions, tagged, statements)).isEqualTo(withMetadata);
    }

    private static int statementsOfOneAppend(SessionManager sessions, SessionRef ref, AtomicInteger statements) {
        statements.set(0);
        sessions.append(ref, NewEvent.message("user", "measured"));
        return statements.get();
    }
}
