package dev.agentsession.jdbc;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import dev.agentsession.SessionStoreUnavailableException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The table prefix is a plain SQL identifier, or configuration fails with a clear message; the dialect is the
 * settings' one, or else detected from the connection.
 */
class JdbcStoreSettingsTests {

    @Test
    void defaultsWhenNothingSetThenAgentPrefixAndDetectedDialect() {
        JdbcStoreSettings settings = JdbcStoreSettings.defaults();
        assertThat(settings.tablePrefix()).isEqualTo("AGENT_");
        assertThat(settings.dialect()).isNull();
        assertThat(settings.sessionsTable()).isEqualTo("AGENT_SESSIONS");
    }

    @ParameterizedTest
    @ValueSource(strings = { "A", "_", "my_app_", "App2_", "x234567890123456789012345678901" })
    void prefixWhenPlainIdentifierThenAccepted(String prefix) {
        assertThat(new JdbcStoreSettings(prefix, null).resolve("SELECT * FROM ${prefix}SESSIONS"))
            .isEqualTo("SELECT * FROM " + prefix + "SESSIONS");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "1AGENT_", "AGENT-", "AGENT_;DROP TABLE X;--", "a b", "agent.", "\"AGENT\"",
            "x2345678901234567890123456789012", "AGENT_\u00e9" })
    void prefixWhenNotPlainIdentifierThenFailsNamingTheProperty(String prefix) {
        assertThatIllegalArgumentException().isThrownBy(() -> new JdbcStoreSettings(prefix, null))
            .withMessageContaining("agent.session.jdbc.table-prefix")
            .withMessageContaining("'" + prefix + "'");
    }

    @Test
    void prefixWhenNullThenFailsNamingTheProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> JdbcStoreSettings.defaults().withTablePrefix(null))
            .withMessageContaining("agent.session.jdbc.table-prefix");
    }

    @Test
    void dialectOfWhenSettingsNameADialectThenThatOneWithoutConnecting() {
        JdbcDialect dialect = new PostgresqlDialect();
        JdbcStoreSettings settings = JdbcStoreSettings.defaults().withDialect(dialect).withTablePrefix("MY_");
        assertThat(settings.dialect()).isSameAs(dialect);
        assertThat(settings.tablePrefix()).isEqualTo("MY_");
        assertThat(settings.dialectOf(unreachable())).isSameAs(dialect);
    }

    @Test
    void dialectOfWhenNoneSetThenDetectedFromTheConnection() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:settings-" + UUID.randomUUID());
        assertThat(JdbcStoreSettings.defaults().dialectOf(h2)).isInstanceOf(H2Dialect.class);
        assertThatExceptionOfType(SessionStoreUnavailableException.class)
            .isThrownBy(() -> JdbcStoreSettings.defaults().dialectOf(unreachable()))
            .withMessageContaining("Cannot detect the database platform");
    }

    private static DataSource unreachable() {
        return (DataSource) Proxy.newProxyInstance(JdbcStoreSettingsTests.class.getClassLoader(),
                new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
                    throw new SQLException("Connection refused");
                });
    }
}
