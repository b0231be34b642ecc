package dev.agentsession.autoconfigure;

import dev.agentsession.SessionRef;
import dev.agentsession.conversation.ConversationRefResolver;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link ConversationRefResolver} the starter publishes for every framework adapter, from
 * {@code agent.session.conversation.*}.
 */
class ConversationRefResolverAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AgentSessionAutoConfiguration.class));

    @Test
    void resolverWhenNothingIsSetThenEachConversationIsItsOwnUserOfAppAgentInTheDefaultTenant() {
        this.runner.run((context) -> assertThat(context.getBean(ConversationRefResolver.class).resolve("c1"))
            .isEqualTo(new SessionRef(SessionRef.DEFAULT_TENANT, "agent", "c1", "c1")));
    }

    @Test
    void resolverWhenApplicationNameIsSetThenItIsTheApp() {
        this.runner.withPropertyValues("spring.application.name=support-bot")
            .run((context) -> assertThat(context.getBean(ConversationRefResolver.class).resolve("c1"))
                .isEqualTo(new SessionRef("default", "support-bot", "c1", "c1")));
    }

    @Test
    void resolverWhenTenantAndAppAreSetThenTheyWinOverTheApplicationName() {
        this.runner
            .withPropertyValues("spring.application.name=support-bot", "agent.session.conversation.tenant=acme",
                    "agent.session.conversation.app=helpdesk")
            .run((context) -> assertThat(context.getBean(ConversationRefResolver.class).resolve("c1"))
                .isEqualTo(new SessionRef("acme", "helpdesk", "c1", "c1")));
    }

    @Test
    void resolverWhenTheApplicationDefinesOneThenOursBacksOff() {
        ConversationRefResolver own = (id) -> new SessionRef("t", "a", "user-of-" + id, id);
        this.runner.withBean(ConversationRefResolver.class, () -> own)
            .run((context) -> assertThat(context).getBean(ConversationRefResolver.class).isSameAs(own));
    }

    @Test
    void resolverWhenTheAppIsEmptyThenFailureAnalysisSaysWhatToSetWithoutTheValue() {
        this.runner.withPropertyValues("agent.session.conversation.app=").run((context) -> {
            FailureAnalysis analysis = AgentSessionAutoConfigurationTests.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("agent.session.conversation");
            assertThat(analysis.getAction()).contains("agent.session.conversation.app", "spring.application.name");
        });
    }

    @Test
    void propertiesWhenUnsetThenTheAppFollowsTheApplicationName() {
        AgentSessionConversationProperties properties = new AgentSessionConversationProperties();
        assertThat(properties.getTenant()).isEqualTo(SessionRef.DEFAULT_TENANT);
        assertThat(properties.getApp()).isNull();
        assertThat(properties.determineApp(new MockEnvironment()))
            .isEqualTo(AgentSessionConversationProperties.DEFAULT_APP);
    }
}
