package dev.agentsession.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conformance.MutableClock;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A database at schema version 4 that holds sessions, events, state, metadata and waits is upgraded to version 5 (the
 * run lease columns) by the store's initializer; the store then reads everything, the old sessions have never been
 * leased (their first lease gets token 1, writes without a token pass until then) and the leases work on them. Once
 * per database.
 */
@OnEveryJdbcPlatform
class JdbcLeaseUpgradeTests {

    /** The version before the run lease columns; it has version 3's tables. */
    private static final int PREVIOUS_VERSION = 4;

    private final MutableClock clock = new MutableClock(Instant.now());

    private final String app = "app-" + UUID.randomUUID();

    private final ReplyScope scope = ReplyScope.of("slack", "C1");

    @Parameter
    JdbcTestDatabase database;

    private SessionRef ref;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open(false);
    }

    @BeforeEach
    void writePreviousVersionDatabase() throws SQLException {
        PreviousSchemaVersion.fill(this.database, PREVIOUS_VERSION, PreviousSchemaVersion.VERSION_3_TABLES, (store) -> {
            SessionManager writer = manager(store);
            this.ref = writer.create(NewSession.forUser(this.app, "alice")
                .withMetadata(Map.of("topic", "billing"))
                .withState(Map.of("step", 1))).ref();
            writer.append(this.ref, NewEvent.message("user", "hello").withId("m1"));
            writer.registerWait(this.ref, this.scope, flow());
        });
        assertThat(schema().status().installedVersion()).isEqualTo(PREVIOUS_VERSION);
    }

    @AfterEach
    void dropTables() {
        this.database.initializer().dropSchema();
    }

    @Test
    void initializerWhenPreviousVersionHoldsDataThenUpgradesAndLeasesWorkOnTheOldSessions() {
        assertThat(this.database.initializer().createSchema())
            .isEqualTo(schema().migrationScripts().subList(PREVIOUS_VERSION, JdbcSchema.CURRENT_VERSION));
        assertThat(schema().status().isReady()).isTrue();
        SessionManager sessions = manager(this.database.store());

        AgentSession read = sessions.get(this.ref, EventWindow.all());
        assertThat(read.events()).extracting((event) -> event.content()).containsExactly("hello");
        assertThat(read.state()).containsEntry("step", 1);
        assertThat(read.metadata()).containsEntry("topic", "billing");
        assertThat(read.flow()).isEqualTo(flow());
        assertThat(sessions.findEvent(this.ref, "m1")).isPresent();

        sessions.updateState(this.ref, Map.of("step", 2));
        SessionLease lease = sessions.acquireLease(this.ref, "worker", Duration.ofMinutes(1));
        assertThat(lease.token()).isEqualTo(1);
        assertThatExceptionOfType(SessionLeasedException.class)
            .isThrownBy(() -> sessions.resume(WaitKey.of(this.ref, this.scope)));
        assertThat(sessions.withLease(lease).resume(WaitKey.of(this.ref, this.scope), true)).isPresent();
        assertThat(sessions.get(this.ref, EventWindow.none()).flow()).isNull();
    }

    private SessionManager manager(JdbcSessionStore store) {
        return new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(this.clock), this.clock,
                new SessionCodec(), SessionSettings.defaults());
    }

    private static FlowState flow() {
        return new FlowState("approval", "approve",
                JsonMapper.builder().build().createObjectNode().put("cursor", "approve"));
    }

    private JdbcSchema schema() {
        return new JdbcSchema(this.database.dataSource(), this.database.settings());
    }
}
