package dev.agentsession.jdbc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conformance.MutableClock;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Store calls inside an application transaction on the same database run in transactions of their own
 * ({@code REQUIRES_NEW}): what they write survives the application's rollback, and what they read is never the
 * application transaction's snapshot. Once per database.
 */
@OnEveryJdbcPlatform
class JdbcOwnTransactionTests {

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    @Parameter
    JdbcTestDatabase database;

    private DataSourceTransactionManager transactionManager;

    private JdbcSessionStore store;

    private SessionManager sessions;

    private String app;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open();
    }

    @BeforeEach
    void storeOnTheApplicationsTransactionManager() {
        this.transactionManager = new DataSourceTransactionManager(this.database.dataSource());
        this.store = new JdbcSessionStore(this.database.dataSource(), this.transactionManager,
                this.database.settings(), new SessionCodec());
        this.sessions = new DefaultSessionManager(this.store, this.store, new TimeOrderedSessionIdGenerator(this.clock),
                this.clock, new SessionCodec(), SessionSettings.defaults());
        this.app = "app-" + UUID.randomUUID();
    }

    @Test
    void createAndAppendWhenCallerTransactionRollsBackThenSessionAndEventsStayCommitted() {
        TransactionTemplate caller = new TransactionTemplate(this.transactionManager);

        SessionRef ref = caller.execute((status) -> {
            SessionRef created = this.sessions.create(NewSession.forUser(this.app, "alice")).ref();
            this.sessions.append(created, NewEvent.message("user", "hello"));
            status.setRollbackOnly();
            return created;
        });

        AgentSession stored = this.sessions.get(ref, EventWindow.all());
        assertThat(stored.events()).extracting((event) -> event.content()).containsExactly("hello");
        assertThat(stored.version()).isEqualTo(2);
    }

    @Test
    void findWhenCallerTransactionReadTheTableBeforeTheCreateThenSeesTheNewSession() {
        TransactionTemplate caller = new TransactionTemplate(this.transactionManager);
        caller.setIsolationLevel(this.database.platform() == JdbcTestPlatform.SQLITE
                ? TransactionDefinition.ISOLATION_SERIALIZABLE : TransactionDefinition.ISOLATION_REPEATABLE_READ);
        JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());

        boolean found = Boolean.TRUE.equals(caller.execute((status) -> {
            // The caller's transaction takes its snapshot before the session exists.
            jdbc.queryForObject("SELECT COUNT(*) FROM " + this.database.table("SESSIONS"), Long.class);
            SessionRef ref = this.sessions.create(NewSession.forUser(this.app, "alice")).ref();
            return this.store.find(ref, EventWindow.none(), this.clock.instant()).isPresent();
        }));

        assertThat(found).isTrue();
    }
}
