package dev.agentsession.jdbc;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.testservers.LocalServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A failed batch carries no conversation content in its exception chain (SPEC 3.5): PostgreSQL's batch exception
 * quotes the statement with its parameters, the event JSON and state values, and pools and applications log the
 * chain. The database refuses the batch through a trigger, so the failure is the server's own.
 */
class JdbcPostgresqlErrorContentTests {

    private static final String SECRET = "my-card-number-4111";

    private JdbcTestDatabase database;

    private JdbcTemplate jdbc;

    @BeforeEach
    void openDatabase() {
        LocalServer.POSTGRESQL.require();
        this.database = JdbcTestDatabase.of(JdbcTestPlatform.POSTGRESQL).open();
        this.jdbc = new JdbcTemplate(this.database.dataSource());
        String function = this.database.table("REFUSE");
        this.jdbc.execute("CREATE FUNCTION " + function + "() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION "
                + "'refused by the test'; END $$ LANGUAGE plpgsql");
        for (String table : List.of("EVENTS", "SESSION_STATE")) {
            this.jdbc.execute("CREATE TRIGGER " + this.database.table(table + "_REFUSE") + " BEFORE INSERT ON "
                    + this.database.table(table) + " FOR EACH ROW WHEN (NEW::text LIKE '%" + SECRET
                    + "%') EXECUTE FUNCTION " + function + "()");
        }
    }

    @AfterEach
    void closeDatabase() {
        if (this.database != null) {
            this.jdbc.execute("DROP FUNCTION IF EXISTS " + this.database.table("REFUSE") + "() CASCADE");
            this.database.close();
        }
    }

    @Test
    void appendWhenTheBatchFailsThenNoContentInTheExceptionChain() {
        JdbcSessionStore store = this.database.store();
        SessionManager sessions = new DefaultSessionManager(store, store,
                new TimeOrderedSessionIdGenerator(Clock.systemUTC()), Clock.systemUTC(), new SessionCodec(),
                SessionSettings.defaults());
        SessionRef ref = sessions.create(NewSession.forUser("content-app", "alice")).ref();

        assertThatExceptionOfType(SessionStoreUnavailableException.class)
            .isThrownBy(() -> sessions.append(ref, NewEvent.message("user", "hello"),
                    NewEvent.message("user", "pay with " + SECRET)))
            .satisfies((ex) -> assertThat(chain(ex)).doesNotContain(SECRET).contains("P0001"));
        assertThatExceptionOfType(SessionStoreUnavailableException.class)
            .isThrownBy(() -> sessions.updateState(ref, Map.of("a", 1, "card", SECRET), null))
            .satisfies((ex) -> assertThat(chain(ex)).doesNotContain(SECRET));
        assertThat(sessions.get(ref, EventWindow.all()).eventCount()).isZero();
    }

    private static String chain(Throwable ex) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            text.append(cause).append('\n');
            if (cause instanceof SQLException sql && sql.getNextException() != null) {
                text.append(sql.getNextException()).append('\n');
            }
        }
        return text.toString();
    }
}
