package dev.agentsession.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.util.stream.IntStream;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads of a session cut by more rewinds than one statement holds intervals for (each rewind undid only the event
 * before it): the JDBC store then reads one sequence range and drops the rewound events itself, and every window
 * still returns the effective history. Once per database.
 */
@OnEveryJdbcPlatform
class JdbcRewoundReadsTests {

    private static final int REWINDS = 401;

    @Parameter
    JdbcTestDatabase database;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open();
    }

    @Test
    void readsWhenMoreRewoundRangesThanOneStatementHoldsThenEveryWindowIsTheEffectiveHistory() {
        JdbcSessionStore store = this.database.store();
        SessionManager sessions = new DefaultSessionManager(store, store,
                new TimeOrderedSessionIdGenerator(Clock.systemUTC()), Clock.systemUTC(), new SessionCodec(),
                SessionSettings.defaults());
        SessionRef ref = sessions.create(NewSession.forUser("rewound-reads", "ada")).ref();
        Instant start = Instant.now().minusSeconds(60);
        for (int i = 0; i < REWINDS; i++) {
            long kept = sessions.append(ref, NewEvent.message("user", "keep " + i).withTimestamp(start.plusSeconds(i)))
                .eventCount();
            sessions.append(ref, NewEvent.message("user", "drop " + i).withTimestamp(start.plusSeconds(i)));
            sessions.rewind(ref, kept);
        }
        String[] kept = IntStream.range(0, REWINDS).mapToObj((i) -> "keep " + i).toArray(String[]::new);

        assertThat(sessions.get(ref, EventWindow.all()).events()).extracting(SessionEvent::content)
            .containsExactly(kept);
        assertThat(sessions.get(ref, EventWindow.recent(2)).events()).extracting(SessionEvent::content)
            .containsExactly("keep 399", "keep 400");
        assertThat(sessions.get(ref, EventWindow.after(start.plusSeconds(397)).withRecent(2)).events())
            .extracting(SessionEvent::content)
            .containsExactly("keep 399", "keep 400");
        assertThat(sessions.get(ref, EventWindow.afterSeq(3)).events()).hasSize(REWINDS - 1);
        assertThat(sessions.get(ref, EventWindow.none()).eventCount()).isEqualTo(3 * REWINDS);
    }
}
