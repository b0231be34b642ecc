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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AgentSessionsEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
        .of(AgentSessionAutoConfiguration.class, AgentSessionsEndpointAutoConfiguration.class));

    @Test
    void endpointWhenNotExposedThenNoBean() {
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(AgentSessionsEndpoint.class));
    }

    @Test
    void endpointWhenExposedThenListsReadsAndDeletesWithoutSecrets() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=agentsessions",
                "management.endpoint.agentsessions.show-values=always").run((context) -> {
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

            AgentSessionsEndpoint.SessionList list = endpoint.list("app", "ada", null, null, null, SecurityContext.NONE);
            assertThat(list.sessions()).extracting(AgentSessionsEndpoint.SessionListItem::sessionId)
                .containsExactly(ref.sessionId());
            assertThat(list.nextPageToken()).isNull();

            SessionDetails details = endpoint.session("app", "ada", ref.sessionId(), null, 5, SecurityContext.NONE);
            assertThat(details).isNotNull();
            assertThat(details.state()).containsEntry("topic", "tea");
            assertThat(details.events()).extracting(AgentSessionsEndpoint.EventItem::content).containsExactly("hello");
            assertThat(details.waits()).extracting(AgentSessionsEndpoint.WaitItem::channel).containsExactly("slack");
            assertThat(details.flowCursor()).isEqualTo("step-2");
            assertThat(JsonMapper.builder().build().writeValueAsString(details)).doesNotContain("TOP-SECRET");
            assertThat(endpoint.session("app", "mallory", ref.sessionId(), null, null, SecurityContext.NONE)).isNull();

            assertThat(endpoint.delete("app", "ada", ref.sessionId(), null)).containsEntry("deleted", true);
            assertThat(endpoint.session("app", "ada", ref.sessionId(), null, null, SecurityContext.NONE)).isNull();
            assertThat(endpoint.delete("app", "ada", ref.sessionId(), null)).containsEntry("deleted", false);
        });
    }

    @Test
    void sessionWhenShowValuesIsDefaultThenContentStateAndMetadataValuesAreMasked() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=agentsessions").run((context) -> {
            AgentSessionsEndpoint endpoint = context.getBean(AgentSessionsEndpoint.class);
            SessionManager sessions = context.getBean(SessionManager.class);
            SessionRef ref = sessions
                .create(NewSession.forUser("app", "ada").withMetadata(java.util.Map.of("channel", "slack-private")))
                .ref();
            sessions.append(ref, NewEvent.message("user", "my card is 4111")
                .withStateDelta(java.util.Map.of("card", "4111")));

            SessionDetails details = endpoint.session("app", "ada", ref.sessionId(), null, null, SecurityContext.NONE);
            assertThat(details).isNotNull();
            assertThat(details.state()).containsEntry("card", AgentSessionsEndpoint.MASK);
            assertThat(details.metadata()).containsEntry("channel", AgentSessionsEndpoint.MASK);
            assertThat(details.events()).extracting(AgentSessionsEndpoint.EventItem::content)
                .containsExactly(AgentSessionsEndpoint.MASK);
            assertThat(endpoint.list("app", "ada", null, null, null, SecurityContext.NONE).sessions())
                .flatExtracting((item) -> item.metadata().values())
                .containsExactly(AgentSessionsEndpoint.MASK);
            assertThat(JsonMapper.builder().build().writeValueAsString(details)).doesNotContain("4111")
                .doesNotContain("slack-private");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 1001, 100_000 })
    void sessionWhenRecentIsOutOfRangeThenBadRequest(int recent) {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=agentsessions").run((context) -> {
            AgentSessionsEndpoint endpoint = context.getBean(AgentSessionsEndpoint.class);
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.session("app", "ada", "s1", null, recent, SecurityContext.NONE))
                .satisfies((ex) -> assertThat(ex.getReason()).contains("recent"));
        });
    }

    @Test
    void sessionWhenRecentIsZeroThenTheSessionWithoutEvents() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=agentsessions").run((context) -> {
            SessionManager sessions = context.getBean(SessionManager.class);
            SessionRef ref = sessions.create(NewSession.forUser("app", "ada")).ref();
            sessions.append(ref, NewEvent.message("user", "hello"));
            SessionDetails details = context.getBean(AgentSessionsEndpoint.class)
                .session("app", "ada", ref.sessionId(), null, 0, SecurityContext.NONE);
            assertThat(details).isNotNull();
            assertThat(details.events()).isEmpty();
            assertThat(details.eventCount()).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, -5, 1001, 100_000 })
    void listWhenLimitIsOutOfRangeThenBadRequest(int limit) {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=agentsessions").run((context) -> {
            AgentSessionsEndpoint endpoint = context.getBean(AgentSessionsEndpoint.class);
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.list("app", "ada", null, limit, null, SecurityContext.NONE))
                .satisfies((ex) -> assertThat(ex.getReason()).contains("limit"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "not-a-token", "%%%", "MTIz" })
    void listWhenPageTokenIsMalformedThenBadRequest(String pageToken) {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=agentsessions").run((context) -> {
            AgentSessionsEndpoint endpoint = context.getBean(AgentSessionsEndpoint.class);
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.list("app", "ada", null, null, pageToken, SecurityContext.NONE))
                .satisfies((ex) -> assertThat(ex.getReason()).contains("pageToken"));
        });
    }

    @Test
    void endpointWhenIdsAreMalformedThenBadRequest() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=agentsessions").run((context) -> {
            AgentSessionsEndpoint endpoint = context.getBean(AgentSessionsEndpoint.class);
            String bad = "bad\u0001id";
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.session("app", bad, "s1", null, null, SecurityContext.NONE));
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.delete("app", "ada", bad, null));
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.list(bad, "ada", null, null, null, SecurityContext.NONE));
        });
    }

    @Test
    void endpointWhenDeclaredThenItsDefaultAccessIsReadOnly() {
        Endpoint endpoint = AgentSessionsEndpoint.class.getAnnotation(Endpoint.class);
        assertThat(endpoint.defaultAccess()).isEqualTo(Access.READ_ONLY);
    }
}
