package dev.agentsession.adk.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

import com.google.adk.sessions.BaseSessionService;
import com.google.adk.sessions.InMemorySessionService;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.adk.AgentSessionService;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.autoconfigure.AgentSessionConfigurationException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each condition of {@link AgentSessionAdkAutoConfiguration}.
 */
class AgentSessionAdkAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(AgentSessionAutoConfiguration.class, AgentSessionAdkAutoConfiguration.class))
        .withPropertyValues("agent.session.store-type=memory");

    @Test
    void sessionServiceWhenASessionManagerExistsThenPublishedInTheDefaultTenant() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(AgentSessionService.class);
            context.getBean(BaseSessionService.class)
                .createSession("weather", "ada", (Map<String, Object>) null, "s1")
                .blockingGet();
            assertThat(context.getBean(SessionManager.class)
                .find(new SessionRef("default", "weather", "ada", "s1"), EventWindow.none())).isPresent();
        });
    }

    @Test
    void sessionServiceWhenATenantIsSetThenItsSessionsLiveThere() {
        this.runner.withPropertyValues("agent.session.adk.tenant=acme").run((context) -> {
            context.getBean(BaseSessionService.class)
                .createSession("weather", "ada", (Map<String, Object>) null, "s1")
                .blockingGet();
            assertThat(context.getBean(SessionManager.class)
                .find(new SessionRef("acme", "weather", "ada", "s1"), EventWindow.none())).isPresent();
        });
    }

    @Test
    void sessionServiceWhenTheApplicationDefinesOneThenBacksOff() {
        this.runner.withBean(BaseSessionService.class, InMemorySessionService::new)
            .run((context) -> assertThat(context).hasSingleBean(BaseSessionService.class)
                .doesNotHaveBean(AgentSessionService.class));
    }

    @Test
    void sessionServiceWhenThereIsNoSessionManagerThenNothingIsPublished() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AgentSessionAdkAutoConfiguration.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(BaseSessionService.class));
    }

    @Test
    void sessionServiceWhenAdkIsNotOnTheClasspathThenNothingIsPublished() {
        this.runner.withClassLoader(new FilteredClassLoader(BaseSessionService.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AgentSessionService.class));
    }

    @Test
    void sessionServiceWhenTheTenantIsNotAnIdentifierThenStartupFailsSayingWhatToSet() {
        this.runner.withPropertyValues("agent.session.adk.tenant=").run((context) -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof AgentSessionConfigurationException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(AgentSessionConfigurationException.class);
            assertThat(((AgentSessionConfigurationException) failure).getAction()).contains("agent.session.adk.tenant");
        });
    }

    @Test
    void metadataWhenBuiltThenDescribesThePropertyAndTheAutoConfigurationConditions() throws IOException {
        assertThat(resource("META-INF/spring-configuration-metadata.json")).contains("agent.session.adk.tenant");
        assertThat(resource("META-INF/spring-autoconfigure-metadata.properties"))
            .contains("AgentSessionAdkAutoConfiguration.ConditionalOnClass=com.google.adk.sessions.BaseSessionService");
        assertThat(resource("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))
            .contains(AgentSessionAdkAutoConfiguration.class.getName());
    }

    /** Every copy of a resource on the test class path (the starter has some too), one after the other. */
    private String resource(String name) throws IOException {
        StringBuilder all = new StringBuilder();
        for (URL url : Collections.list(getClass().getClassLoader().getResources(name))) {
            try (InputStream in = url.openStream()) {
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }
}
