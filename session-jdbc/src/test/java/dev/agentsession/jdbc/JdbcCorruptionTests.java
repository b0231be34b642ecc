package dev.agentsession.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.agentsession.AgentSession;
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
import dev.agentsession.flow.WaitKey;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A stored record that cannot be read affects only its own session (SPEC 3.5 and 6): each kind of field is
 * overwritten with bytes the store cannot read, straight through SQL, and the session reads as corrupted while
 * listings, wait lists, thread lists, archiving and cleanup go on without it, and it can still be deleted. Once
 * per database.
 */
@OnEveryJdbcPlatform
class JdbcCorruptionTests {

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    @Parameter
    JdbcTestDatabase database;

    private JdbcSessionStore store;

    private SessionManager sessions;

    private JdbcTemplate jdbc;

    private String app;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open();
    }

    @BeforeEach
    void setUp() {
        this.store = this.database.store();
        this.sessions = new DefaultSessionManager(this.store, this.store,
                new TimeOrderedSessionIdGenerator(this.clock), this.clock, new SessionCodec(),
                SessionSettings.defaults());
        this.jdbc = new JdbcTemplate(this.database.dataSource());
        this.app = "app-" + UUID.randomUUID();
    }

    private SessionRef create(String userId) {
        this.clock.advance(Duration.ofMillis(1));
        SessionRef ref = this.sessions
            .create(NewSession.forUser(this.app, userId).withMetadata(Map.of("channel", "web"))
                .withState(Map.of("k", 1)))
            .ref();
        this.sessions.append(ref, NewEvent.message("user", "hello"));
        return ref;
    }

    private void corruptSession(SessionRef ref, String column, String value) {
        int updated = this.jdbc.update("UPDATE " + this.database.table("SESSIONS") + " SET " + column
                + " = ? WHERE APP = ? AND SESSION_ID = ?", value, ref.app(), ref.sessionId());
        assertThat(updated).isOne();
    }

    private void corruptChild(String table, String column, SessionRef ref, String value) {
        int updated = this.jdbc.update("UPDATE " + this.database.table(table) + " SET " + column
                + " = ? WHERE SESSION_PK = (SELECT ID FROM " + this.database.table("SESSIONS")
                + " WHERE APP = ? AND SESSION_ID = ?)", value, ref.app(), ref.sessionId());
        assertThat(updated).isPositive();
    }

    @Test
    void listWhenStatusOrMetadataOfOneSessionIsCorruptThenOthersAreListedOnEveryPageAndItCanBeDeleted() {
        for (String[] field : List.of(new String[] { "STATUS", "BROKEN" }, new String[] { "METADATA_JSON", "{" },
                new String[] { "METADATA_JSON", "{\"channel\": 5" }, new String[] { "FLOW_JSON", "[" })) {
            List<SessionRef> good = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                good.add(create("user-" + i));
            }
            SessionRef corrupt = create("user-2");
            good.add(create("user-2"));
            corruptSession(corrupt, field[0], field[1]);

            assertThatExceptionOfType(SessionDataCorruptedException.class).as(field[0])
                .isThrownBy(() -> this.sessions.get(corrupt, EventWindow.none()))
                .withMessageContaining(corrupt.sessionId());
            assertThat(listAll(SessionQuery.forApp(this.app).withLimit(2))).as(field[0])
                .containsAll(good)
                .doesNotHaveDuplicates();
            assertThat(listAll(SessionQuery.forApp(this.app).withUser("user-2").withLimit(1))).as(field[0])
                .contains(good.get(2), good.get(5));
            for (SessionRef ref : good) {
                assertThat(this.sessions.get(ref, EventWindow.all()).events()).hasSize(1);
            }
            this.clock.advance(Duration.ofMillis(1));
            assertThat(this.sessions.archiveInactive(Duration.ZERO)).as(field[0]).isGreaterThanOrEqualTo(6);
            assertThat(this.sessions.delete(corrupt)).as(field[0]).isTrue();
            assertThat(this.sessions.find(corrupt, EventWindow.none())).isEmpty();
            this.sessions.deleteAll("default", this.app);
        }
    }

    @Test
    void findWhenEventOrStateValueIsCorruptThenOnlyThatSessionFailsAndItCanBeDeleted() {
        for (String[] field : List.of(new String[] { "EVENTS", "EVENT_JSON", "{\"seq\":" },
                new String[] { "SESSION_STATE", "VALUE_JSON", "[1," },
                new String[] { "SESSION_STATE", "VALUE_JSON", "1".repeat(1001) })) {
            SessionRef good = create("alice");
            SessionRef corrupt = create("alice");
            corruptChild(field[0], field[1], corrupt, field[2]);

            assertThatExceptionOfType(SessionDataCorruptedException.class).as(field[1])
                .isThrownBy(() -> this.sessions.get(corrupt, EventWindow.all()))
                .withMessageContaining(corrupt.sessionId());
            AgentSession read = this.sessions.get(good, EventWindow.all());
            assertThat(read.state()).containsEntry("k", 1);
            assertThat(read.events()).hasSize(1);
            assertThat(listAll(SessionQuery.forApp(this.app))).contains(good, corrupt);
            assertThat(this.sessions.delete(corrupt)).isTrue();
        }
    }

    @Test
    void listWaitsWhenOneWaitIsCorruptThenTheOthersAreListedAndTheSessionCanBeDeleted() {
        SessionRef ref = create("alice");
        SessionRef corrupt = create("alice");
        FlowState flow = new FlowState("f", "c", JsonNodeFactory.instance.objectNode().put("step", 1));
        this.sessions.registerWait(ref, ReplyScope.of("slack", "C1"), flow, null,
                JsonNodeFactory.instance.objectNode().put("ask", "ok?"));
        this.sessions.registerWait(corrupt, ReplyScope.of("slack", "C2"), flow, null, null);
        this.sessions.registerWait(corrupt, ReplyScope.of("slack", "C3"), flow, null, null);
        this.jdbc.update("UPDATE " + this.database.table("WAITS")
                + " SET FLOW_JSON = ? WHERE CONVERSATION = ? AND APP = ?", "{", "C2", this.app);
        this.jdbc.update("UPDATE " + this.database.table("WAITS")
                + " SET PAYLOAD_JSON = ? WHERE CONVERSATION = ? AND APP = ?", "[", "C3", this.app);

        assertThat(this.sessions.listWaits("default", this.app, "alice")).extracting(SessionWait::scope)
            .containsExactly(ReplyScope.of("slack", "C1"));
        assertThatExceptionOfType(SessionDataCorruptedException.class)
            .isThrownBy(() -> this.sessions.findWait(WaitKey.of(corrupt, ReplyScope.of("slack", "C2"))));
        assertThat(this.sessions.delete(corrupt)).isTrue();
        assertThat(this.sessions.listWaits("default", this.app, "alice")).hasSize(1);
    }

    @Test
    void listForThreadWhenOneAuthSessionIsCorruptThenTheOthersAreListed() {
        JdbcAuthSessionStore auth = this.database.authStore(JdbcTestDatabase.cipher(JdbcTestDatabase.randomKey()));
        String tenant = "tenant-" + UUID.randomUUID();
        Instant now = this.clock.instant();
        for (String provider : List.of("slack", "google", "github", "jira")) {
            auth.put(new AuthSession(new AuthSessionKey(tenant, "thread-1", "default", provider), AuthStatus.ACTIVE,
                    new AuthContext("access-" + provider, null, "Bearer", null, Map.of()), true, Set.of("read"), null,
                    now, now.plus(Duration.ofHours(1))));
        }
        String table = this.database.table("AUTH_SESSIONS");
        // The ciphertext damaged, its key id kept: one record is corrupt, the configuration is right.
        String sealed = this.jdbc.queryForObject("SELECT CONTEXT_SEALED FROM " + table
                + " WHERE TENANT = ? AND PROVIDER = ?", String.class, tenant, "google");
        String damaged = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        this.jdbc.update("UPDATE " + table + " SET CONTEXT_SEALED = ? WHERE TENANT = ? AND PROVIDER = ?", damaged,
                tenant, "google");
        this.jdbc.update("UPDATE " + table + " SET STATUS = ? WHERE TENANT = ? AND PROVIDER = ?", "BROKEN", tenant,
                "github");
        this.jdbc.update("UPDATE " + table + " SET SCOPES_JSON = ? WHERE TENANT = ? AND PROVIDER = ?", "{", tenant,
                "jira");

        assertThat(auth.listForThread(tenant, "thread-1", null, now))
            .extracting((session) -> session.key().provider())
            .containsExactly("slack");
        assertThat(auth.listForThread(tenant, "thread-1", "default", now)).hasSize(1);
        assertThat(auth.deleteThread(tenant, "thread-1")).isEqualTo(4);
    }

    @Test
    void loadWhenOneDocumentIsCorruptThenOnlyItFailsAndItCanBeDeleted() {
        DocumentScope scope = DocumentScope.agent("default", this.app);
        this.sessions.documents().save(scope, "good", Map.of("v", 1));
        this.sessions.documents().save(scope, "bad", Map.of("v", 2));
        this.jdbc.update("UPDATE " + this.database.table("DOCUMENTS") + " SET DOC_JSON = ? WHERE TENANT = ? AND "
                + "SCOPE_OWNER = ? AND DOC_KEY = ?", "{\"v\":", "default", this.app, "bad");

        assertThatExceptionOfType(SessionDataCorruptedException.class)
            .isThrownBy(() -> this.sessions.documents().load(scope, "bad"));
        assertThat(this.sessions.documents().load(scope, "good")).contains(Map.of("v", 1));
        assertThat(this.sessions.documents().listKeys(scope, "")).containsExactly("bad", "good");
        assertThat(this.sessions.documents().delete(scope, "bad")).isTrue();
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
