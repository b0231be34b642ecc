package dev.agentsession.jdbc;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Schema version 4 keeps what rewind and fork need: a database at version 3 holding a session with events and state
 * upgrades in place, reads back as before, and its sessions can be rewound and forked. Such a session did not keep
 * the state given at creation, so its rebuild starts from an empty session state (its {@code user:} and
 * {@code app:} state is never rebuilt). Once per database.
 */
@OnEveryJdbcPlatform
class JdbcRewindUpgradeTests {

    @Parameter
    JdbcTestDatabase database;

    private SessionRef ref;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open(false);
    }

    @BeforeEach
    void writeVersionThreeDatabase() throws SQLException {
        PreviousSchemaVersion.fill(this.database, 3, PreviousSchemaVersion.VERSION_3_TABLES, (store) -> {
            SessionManager writer = manager(store);
            this.ref = writer.create(NewSession.forUser("upgrade-app", "alice")
                .withMetadata(Map.of("channel", "web"))
                .withState(Map.of("plan", "basic", "user:lang", "en"))).ref();
            writer.append(this.ref, NewEvent.message("user", "hello").withId("e1").withStateDelta(Map.of("step", 1)));
            writer.append(this.ref, NewEvent.message("user", "again").withId("e2").withStateDelta(Map.of("step", 2)));
        });
    }

    @AfterEach
    void dropSchema() {
        this.database.initializer().dropSchema();
    }

    @Test
    void upgradeFromVersionThreeWhenSessionsHoldEventsThenTheyReadBackAndRewindAndForkWork() {
        assertThat(this.database.initializer().createSchema()).hasSize(JdbcSchema.CURRENT_VERSION - 3);
        SessionManager sessions = manager(this.database.store());
        AgentSession read = sessions.get(this.ref, EventWindow.all());
        assertThat(read.events()).extracting(SessionEvent::id).containsExactly("e1", "e2");
        assertThat(read.state()).containsOnly(entry("plan", "basic"), entry("user:lang", "en"), entry("step", 2));

        AgentSession forked = sessions.fork(this.ref, 1);
        AgentSession rewound = sessions.rewind(this.ref, 1);

        assertThat(rewound.state()).containsOnly(entry("user:lang", "en"), entry("step", 1));
        assertThat(sessions.get(this.ref, EventWindow.all()).events()).extracting(SessionEvent::id)
            .containsExactly("e1");
        assertThat(forked.state()).containsOnly(entry("user:lang", "en"), entry("step", 1));
        assertThat(sessions.get(forked.ref(), EventWindow.all()).events()).extracting(SessionEvent::id)
            .containsExactly("e1");
        AgentSession created = sessions.create(NewSession.forUser("upgrade-app", "alice")
            .withState(Map.of("plan", "pro")));
        sessions.append(created.ref(), NewEvent.state("agent", Map.of("plan", "max")));
        assertThat(sessions.rewind(created.ref(), 0).state()).containsOnly(entry("plan", "pro"),
                entry("user:lang", "en"));
    }

    private static SessionManager manager(JdbcSessionStore store) {
        return new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(Clock.systemUTC()),
                Clock.systemUTC(), new SessionCodec(), SessionSettings.defaults());
    }
}
