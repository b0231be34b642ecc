package dev.agentsession.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

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
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A database at schema version 2 that holds sessions, events, state and waits is upgraded to version 3 by the
 * store's initializer, after which the store reads all of it and the version 3 features work on it: resume clearing
 * the flow, a user's data across apps (the backfilled {@code USER_STATE} and {@code WAITS} columns) and the metadata
 * filter (an older session enters it when updateMetadata next writes the key). The version 2 rows are written by
 * today's store under a prefix of its own and copied, column by column, into version 2 tables: exactly the columns
 * version 2 has, with the values the store writes. Once per database.
 */
@OnEveryJdbcPlatform
class JdbcSchemaUpgradeTests {

    private final MutableClock clock = new MutableClock(Instant.now());

    private final String app = "app-" + UUID.randomUUID();

    private final ReplyScope scope = ReplyScope.of("slack", "C1", "T1");

    @Parameter
    JdbcTestDatabase database;

    private SessionRef ref;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open(false);
    }

    @BeforeEach
    void writePreviousVersionDatabase() throws SQLException {
        PreviousSchemaVersion.fill(this.database, 2, PreviousSchemaVersion.VERSION_2_TABLES, (store) -> {
            SessionManager writer = manager(store);
            this.ref = writer.create(NewSession.forUser(this.app, "alice")
                .withMetadata(Map.of("topic", "billing"))
                .withState(Map.of("user:lang", "en", "step", 1))).ref();
            writer.append(this.ref, NewEvent.message("user", "hello"));
            writer.registerWait(this.ref, this.scope, flow());
        });
        assertThat(schema().status().installedVersion()).isEqualTo(2);
    }

    @AfterEach
    void dropTables() {
        this.database.initializer().dropSchema();
    }

    @Test
    void initializerWhenPreviousVersionHoldsDataThenUpgradesAndTheStoreReadsEverything() {
        assertThat(this.database.initializer().createSchema()).startsWith(schema().migrationScript(3))
            .hasSize(JdbcSchema.CURRENT_VERSION - 2);
        assertThat(schema().status().isReady()).isTrue();

        AgentSession read = manager(this.database.store()).get(this.ref, EventWindow.all());
        assertThat(read.events()).extracting((event) -> event.content()).containsExactly("hello");
        assertThat(read.state()).containsEntry("user:lang", "en").containsEntry("step", 1);
        assertThat(read.metadata()).containsEntry("topic", "billing");
        assertThat(read.flow()).isEqualTo(flow());
        assertThat(manager(this.database.store()).list(SessionQuery.forApp(this.app)).sessions())
            .extracting(SessionSummary::ref)
            .containsExactly(this.ref);
    }

    @Test
    void initializerWhenTablesPredateTheVersionTableThenRunsEveryVersionAndKeepsTheData() throws SQLException {
        try (Connection connection = this.database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            // As left by a build before versioned migrations: version 1's tables, no SCHEMA_VERSION.
            statement.execute("DROP TABLE " + this.database.table("SCHEMA_VERSION"));
        }
        assertThat(schema().status().installedVersion()).isZero();

        assertThat(this.database.initializer().createSchema()).isEqualTo(schema().migrationScripts());

        assertThat(schema().status().isReady()).isTrue();
        SessionManager sessions = manager(this.database.store());
        assertThat(sessions.get(this.ref, EventWindow.all()).events()).hasSize(1);
        assertThat(sessions.resume(WaitKey.of(this.app, "alice", this.scope), true)).isPresent();
    }

    @Test
    void resumeWhenUpgradedWaitThenClaimsItAndClearsTheFlow() {
        this.database.initializer().createSchema();
        SessionManager sessions = manager(this.database.store());

        SessionWait resumed = sessions.resume(WaitKey.of(this.app, "alice", this.scope), true).orElseThrow();

        assertThat(resumed.session()).isEqualTo(this.ref);
        assertThat(resumed.waitingUserId()).isEqualTo("alice");
        assertThat(sessions.get(this.ref, EventWindow.all()).flow()).isNull();
    }

    @Test
    void userDataWhenUpgradedThenFindsTheBackfilledStateAndWaits() {
        this.database.initializer().createSchema();
        JdbcSessionStore store = this.database.store();

        assertThat(store.sessionsOfUser(this.ref.tenant(), "alice", this.clock.instant())).containsExactly(this.ref);
        assertThat(store.userStateOfUser(this.ref.tenant(), "alice")).containsOnlyKeys(this.app);
        assertThat(store.userStateOfUser(this.ref.tenant(), "alice").get(this.app)).containsValue("en");
        assertThat(store.waitsOfUser(this.ref.tenant(), "alice", this.clock.instant()))
            .extracting(SessionWait::session, SessionWait::waitingUserId)
            .containsExactly(tuple(this.ref, "alice"));
    }

    @Test
    void metadataFilterWhenUpgradedThenFindsAnOlderSessionOnceTheKeyIsWrittenAgain() {
        this.database.initializer().createSchema();
        SessionManager sessions = manager(this.database.store());
        SessionQuery byTopic = SessionQuery.forApp(this.app).withMetadata("topic", "billing");
        assertThat(sessions.list(byTopic).sessions()).isEmpty();

        this.clock.advance(Duration.ofMillis(1));
        sessions.updateMetadata(this.ref, Map.of("topic", "billing"));

        assertThat(sessions.list(byTopic).sessions()).extracting(SessionSummary::ref).containsExactly(this.ref);
    }

    private SessionManager manager(JdbcSessionStore store) {
        return new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(this.clock), this.clock,
                new SessionCodec(), SessionSettings.defaults());
    }

    private static FlowState flow() {
        ObjectNode snapshot = JsonMapper.builder().build().createObjectNode().put("cursor", "approve");
        return new FlowState("approval", "approve", snapshot);
    }

    private JdbcSchema schema() {
        return new JdbcSchema(this.database.dataSource(), this.database.settings());
    }
}
