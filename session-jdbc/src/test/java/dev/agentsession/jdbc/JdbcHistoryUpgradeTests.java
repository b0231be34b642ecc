package dev.agentsession.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionLifecycleListener;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conformance.MutableClock;
import dev.agentsession.history.Compaction;
import dev.agentsession.history.CompactionPolicy;
import dev.agentsession.history.CompactionSettings;
import dev.agentsession.observation.SessionObservations;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database at schema version 5 holding a leased conversation with state is upgraded to version 6 (the history
 * columns) by the store's initializer: the session reads as before, {@code context()} is its whole history, and it
 * can be compacted through its lease, its compacted events removed and rewound after that. The version 5 rows are
 * written by today's store and copied into version 5 tables ({@link PreviousSchemaVersion}). Once per database.
 */
@OnEveryJdbcPlatform
class JdbcHistoryUpgradeTests {

    private final MutableClock clock = new MutableClock(Instant.now());

    @Parameter
    JdbcTestDatabase database;

    private SessionRef ref;

    private SessionLease lease;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open(false);
    }

    @BeforeEach
    void writePreviousVersionDatabase() throws SQLException {
        PreviousSchemaVersion.fill(this.database, 5, PreviousSchemaVersion.VERSION_5_TABLES, (store) -> {
            SessionManager writer = manager(store);
            this.ref = writer.create(NewSession.forUser("app-" + UUID.randomUUID(), "alice")
                .withState(Map.of("step", 0))).ref();
            for (int i = 0; i < 3; i++) {
                writer.append(this.ref, NewEvent.message("user", "question " + i).withStateDelta(Map.of("step", i + 1)),
                        NewEvent.message("assistant", "answer"));
            }
            this.lease = writer.acquireLease(this.ref, "worker", Duration.ofDays(7));
        });
        assertThat(schema().status().installedVersion()).isEqualTo(5);
    }

    @AfterEach
    void dropTables() {
        this.database.initializer().dropSchema();
    }

    @Test
    void initializerWhenVersion5HoldsALeasedConversationThenUpgradesAndItCompactsRetainsAndRewinds() {
        assertThat(this.database.initializer().createSchema()).containsExactly(schema().migrationScript(6));
        JdbcSessionStore store = this.database.store();
        SessionManager sessions = manager(store).withLease(this.lease);
        assertThat(seqs(sessions.get(this.ref, EventWindow.context()).events()))
            .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(seqs(sessions.events(this.ref, 1, 10))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

        Compaction compaction = sessions.compact(this.ref, CompactionPolicy.lastTurns(1)).orElseThrow();

        assertThat(compaction.toSeq()).isEqualTo(4);
        assertThat(seqs(sessions.get(this.ref, EventWindow.context()).events())).containsExactly(7L, 5L, 6L);
        this.clock.advance(Duration.ofDays(1));
        assertThat(store.removeCompactedEvents(this.clock.instant(), 10, this.clock.instant())).isEqualTo(4);
        assertThat(seqs(sessions.get(this.ref, EventWindow.all()).events())).containsExactly(5L, 6L, 7L);
        assertThat(sessions.rewind(this.ref, 5).state()).containsEntry("step", 3);
        assertThat(sessions.rewind(this.ref, 4).state()).containsEntry("step", 2);
    }

    private SessionManager manager(JdbcSessionStore store) {
        return new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(this.clock), this.clock,
                new SessionCodec(), SessionSettings.defaults(), SessionLifecycleListener.NONE,
                SessionObservations.NOOP, CompactionSettings.of((events, previous) -> "summary"));
    }

    private static List<Long> seqs(List<SessionEvent> events) {
        return events.stream().map(SessionEvent::seq).toList();
    }

    private JdbcSchema schema() {
        return new JdbcSchema(this.database.dataSource(), this.database.settings());
    }
}
