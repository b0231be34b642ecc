package dev.agentsession.autoconfigure;

import java.util.UUID;

import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This starter beside Spring Session JDBC in one application: Spring Session takes any {@code SessionIdGenerator}
 * bean for its HTTP session ids, so ours must not be one.
 */
class SpringSessionCoexistenceTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, SessionAutoConfiguration.class,
                JdbcSessionAutoConfiguration.class, AgentSessionAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:coexistence-" + UUID.randomUUID(),
                "spring.session.jdbc.initialize-schema=always", "agent.session.store-type=jdbc");

    @Test
    void httpSessionIdsWhenAgentSessionStarterIsPresentThenSpringSessionKeepsItsRandomUuids() {
        this.runner.run((context) -> {
            assertThat(context).hasNotFailed().hasSingleBean(JdbcIndexedSessionRepository.class);
            Session httpSession = context.getBean(JdbcIndexedSessionRepository.class).createSession();
            String httpSessionId = httpSession.getId();
            assertThat(UUID.fromString(httpSessionId).version()).isEqualTo(4);
            String agentSessionId = context.getBean(SessionManager.class)
                .create(NewSession.forUser("app", "ada"))
                .ref()
                .sessionId();
            assertThat(UUID.fromString(agentSessionId).version()).isEqualTo(7);
        });
    }
}
