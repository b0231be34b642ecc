package dev.agentsession.jdbc;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schema version 2 makes keys that differ only by trailing spaces distinct on MySQL and MariaDB (SPEC 3.5): a
 * database at version 1, holding data (written by today's store and copied into version 1's columns), upgrades in
 * place; what it held reads back unchanged and keys with trailing spaces become keys of their own. Once per database
 * (a plain version step elsewhere).
 */
@OnEveryJdbcPlatform
class JdbcExactKeysUpgradeTests {

    @Parameter
    JdbcTestDatabase database;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open(false);
    }

    @AfterEach
    void dropSchema() {
        this.database.initializer().dropSchema();
    }

    @Test
    void upgradeFromVersionOneWhenDataIsStoredThenItReadsBackAndTrailingSpacesMakeNewKeys() throws SQLException {
        SessionRef[] written = new SessionRef[1];
        DocumentScope scope = DocumentScope.agent("default", "upgrade-app");
        PreviousSchemaVersion.fill(this.database, 1, PreviousSchemaVersion.VERSION_2_TABLES, (store) -> {
            SessionManager sessions = manager(store);
            written[0] = sessions.create(NewSession.forUser("upgrade-app", "alice").withState(Map.of("k", "old")))
                .ref();
            sessions.append(written[0], NewEvent.message("user", "old").withId("e"));
            sessions.documents().save(scope, "d", Map.of("v", "old"));
        });
        SessionRef ref = written[0];

        assertThat(this.database.initializer().createSchema()).hasSize(JdbcSchema.CURRENT_VERSION - 1);

        SessionManager upgraded = manager(this.database.store());
        upgraded.updateState(ref, Map.of("k ", "new"), null);
        upgraded.append(ref, NewEvent.message("user", "new").withId("e "));
        upgraded.documents().save(scope, "d ", Map.of("v", "new"));
        assertThat(upgraded.get(ref, EventWindow.all()).state()).containsOnly(Map.entry("k", "old"),
                Map.entry("k ", "new"));
        assertThat(upgraded.get(ref, EventWindow.all()).events()).extracting(SessionEvent::id).containsExactly("e",
                "e ");
        assertThat(upgraded.documents().load(scope, "d")).contains(Map.of("v", "old"));
        assertThat(upgraded.documents().load(scope, "d ")).contains(Map.of("v", "new"));
        assertThat(upgraded.documents().listKeys(scope, "")).containsExactly("d", "d ");
    }

    private static SessionManager manager(JdbcSessionStore store) {
        return new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(Clock.systemUTC()),
                Clock.systemUTC(), new SessionCodec(), SessionSettings.defaults());
    }
}
