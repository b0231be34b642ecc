package dev.agentsession.jdbc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conformance.MutableClock;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many statements each hot operation sends, counted through a data source proxy (not timed), on every database:
 * these are the budgets of SPEC 9, and a change that adds a statement to an append or a read fails here. SQLite
 * writes send one more statement each, the one that takes the database's write lock.
 */
@OnEveryJdbcPlatform
class JdbcStatementCountTests {

    /** Lock and read the session row, insert the events, advance the row, read the merged state. */
    private static final int APPEND = 4;

    /** The same, plus one upsert batch per state scope the deltas change. */
    private static final int APPEND_WITH_STATE_IN_EVERY_SCOPE = APPEND + 3;

    /** The session row, the window and the merged state in one statement. */
    private static final int READ = 1;

    /** One page in one statement. */
    private static final int LIST_PAGE = 1;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    private final AtomicInteger statements = new AtomicInteger();

    @Parameter
    JdbcTestDatabase database;

    private SessionManager sessions;

    private int writeLock;

    private String app;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open();
    }

    @BeforeEach
    void countingStore() {
        JdbcSessionStore store = new JdbcSessionStore(
                JdbcTestDatabase.counting(this.database.dataSource(), this.statements), this.database.settings(),
                new SessionCodec());
        this.sessions = new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(this.clock),
                this.clock, new SessionCodec(), SessionSettings.defaults());
        this.writeLock = (store.dialect().writeLockStatement("SESSIONS") != null) ? 1 : 0;
        this.app = "app-" + UUID.randomUUID();
    }

    @Test
    void appendWhenHistoryGrowsThenStatementsStayWithinBudget() {
        SessionRef ref = this.sessions.create(NewSession.forUser(this.app, "alice")).ref();
        appendHistory(ref, 10);
        int atTen = count(() -> this.sessions.append(ref, NewEvent.message("user", "one")));
        int pairAtTen = count(() -> this.sessions.append(ref, List.of(NewEvent.message("user", "question"),
                NewEvent.message("assistant", "answer")), null));
        appendHistory(ref, 1000);
        int atThousand = count(() -> this.sessions.append(ref, NewEvent.message("user", "one")));
        int pairAtThousand = count(() -> this.sessions.append(ref, List.of(NewEvent.message("user", "question"),
                NewEvent.message("assistant", "answer")), null));

        assertThat(List.of(atTen, pairAtTen, atThousand, pairAtThousand)).containsOnly(APPEND + this.writeLock);
    }

    @Test
    void appendWhenDeltasChangeEveryScopeThenOneBatchPerScope() {
        SessionRef ref = this.sessions.create(NewSession.forUser(this.app, "alice")).ref();

        int statementsSent = count(() -> this.sessions.append(ref, NewEvent.message("user", "one")
            .withStateDelta(Map.of("k", 1, "user:k", 2, "app:k", 3)), NewEvent.message("assistant", "answer")
            .withStateDelta(Map.of("k2", 1))));

        assertThat(statementsSent).isEqualTo(APPEND_WITH_STATE_IN_EVERY_SCOPE + this.writeLock);
    }

    @Test
    void appendWhenAnEventIdIsStoredThenTheRetryReturnsItAndStoresNothing() {
        SessionRef ref = this.sessions.create(NewSession.forUser(this.app, "alice")).ref();
        NewEvent event = NewEvent.message("user", "once").withId("client-id-1");
        long version = this.sessions.append(ref, event).version();

        var retried = this.sessions.append(ref, List.of(event, NewEvent.message("assistant", "new")), null);

        assertThat(retried.version()).isEqualTo(version + 1);
        assertThat(retried.eventCount()).isEqualTo(2);
        assertThat(this.sessions.get(ref, EventWindow.all()).events()).extracting((e) -> e.content())
            .containsExactly("once", "new");
    }

    @Test
    void readWhenHistoryGrowsThenOneStatement() {
        SessionRef ref = this.sessions.create(NewSession.forUser(this.app, "alice").withState(Map.of("k", 1)))
            .ref();
        appendHistory(ref, 30);
        int recentAtThirty = count(() -> this.sessions.get(ref, EventWindow.recent(20)));
        appendHistory(ref, 1000);
        int recentAtThousand = count(() -> this.sessions.get(ref, EventWindow.recent(20)));
        int all = count(() -> this.sessions.get(ref, EventWindow.all()));
        int none = count(() -> this.sessions.get(ref, EventWindow.none()));

        assertThat(List.of(recentAtThirty, recentAtThousand, all, none)).containsOnly(READ);
    }

    @Test
    void listWhenAppOrUserIsListedThenOneStatementPerPage() {
        for (int i = 0; i < 5; i++) {
            this.sessions.create(NewSession.forUser(this.app, "user-" + (i % 2)));
        }

        int byApp = count(() -> this.sessions.list(SessionQuery.forApp(this.app).withLimit(3)));
        int byUser = count(() -> this.sessions.list(SessionQuery.forApp(this.app).withUser("user-0").withLimit(3)));

        assertThat(List.of(byApp, byUser)).containsOnly(LIST_PAGE);
    }

    private int count(Runnable operation) {
        this.statements.set(0);
        operation.run();
        return this.statements.get();
    }

    private void appendHistory(SessionRef ref, int count) {
        for (int done = 0; done < count; done += 100) {
            List<NewEvent> batch = new ArrayList<>();
            for (int i = done; i < Math.min(count, done + 100); i++) {
                batch.add(NewEvent.message("user", "m" + i));
            }
            this.sessions.append(ref, batch, null);
        }
    }
}
