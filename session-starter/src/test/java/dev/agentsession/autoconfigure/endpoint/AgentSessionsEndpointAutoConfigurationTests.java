package dev.agentsession.autoconfigure.endpoint;


import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthGrant;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthSessionManager;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.autoconfigure.endpoint.AgentSessionsEndpoint.SessionDetails;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class AgentSessionsEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
        .of(AgentSessionAutoConfiguration.class, AgentSessionsEndpointAutoConfiguration.class));

    @Test
    void endpointWhenNotExposedThenNoBean() {
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(AgentSessionsEndpoint.class));
    }

    @Test
    void endpointWhenExposedThenListsReadsAndDeletesWithoutSecrets() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=agentsessions").run((context) -> {
            AgentSessionsEndpoint endpoint = context.getBean(AgentSessionsEndpoint.class);
            SessionManager sessions = context.getBean(SessionManager.class);
            SessionRef ref = sessions.create(NewSession.forUser("app", "ada")).ref();
            sessions.append(ref, NewEvent.message("user", "hello").withStateDelta(java.util.Map.of("topic", "tea")));
            sessions.registerWait(ref, ReplyScope.of("slack", "C1"),
                    new FlowState("login", "step-2", JsonMapper.builder().build().createObjectNode()));
            sessions.create(NewSession.forUser("app", "bob"));
            context.getBean(AuthSessionManager.class)
                .put(AuthGrant.unscoped(AuthSessionKey.of(ref.sessionId(), "slack"),
                        AuthContext.bearer("xoxp-TOP-SECRET", null)));

            AgentSessionsEndpoint.SessionList list = endpoint.list("app", "ada", null, null, null);
            assertThat(list.sessions()).extracting(AgentSessionsEndpoint.SessionListItem::sessionId)
                .containsExactly(ref.sessionId());
            assertThat(list.nextPageToken()).isNull();

            SessionDetails details = endpoint.session("app", "ada", ref.sessionId(), null, 5);
            assertThat(details).isNotNull();
            assertThat(details.state()).containsEntry("topic", "tea");
            assertThat(details.events()).extracting(AgentSessionsEndpoint.EventItem::content).containsExactly("hello");
            assertThat(details.waits()).extracting(AgentSessionsEndpoint.WaitItem::channel).containsExactly("slack");
            assertThat(details.flowCursor()).isEqualTo("step-2");
            assertThat(JsonMapper.builder().build().writeValueAsString(details)).doesNotContain("TOP-SECRET");
            assertThat(endpoint.session("app", "mallory", ref.sessionId(), null, null)).isNull();

            assertThat(endpoint.delete("app", "ada", ref.sessionId(), null)).containsEntry("deleted", true);
            assertThat(endpoint.session("app", "ada", ref.sessionId(), null, null)).isNull();
            assertThat(endpoint.delete("app", "ada", ref.sessionId(), null)).containsEntry("deleted", false);
        });
    }
}
