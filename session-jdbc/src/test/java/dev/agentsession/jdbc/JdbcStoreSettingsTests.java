package dev.agentsession.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The table prefix is a plain SQL identifier, or configuration fails with a clear message.
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
}
