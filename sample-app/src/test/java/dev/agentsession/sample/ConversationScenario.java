package dev.agentsession.sample;

import java.util.UUID;

import dev.agentsession.SessionRef;
import dev.agentsession.auth.AuthSessionManager;
import dev.agentsession.auth.AuthStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One whole conversation through HTTP: greeting, a remembered name, a tool that needs a login (PENDING auth
 * session and a paused flow), the login callback, and the resumed flow. Each profile's test runs it.
 */
abstract class ConversationScenario {

    @LocalServerPort
    private int port;

    @Autowired
    private AuthSessionManager auth;

    private SampleClient client;

    /**
     * The store the profile runs on, as the health indicator names it.
     * @return the store type
     */
    protected abstract String expectedStore();

    @BeforeEach
    void connect() {
        this.client = new SampleClient(this.port);
    }

    @Test
    void conversationWhenToolNeedsLoginThenFlowPausesAndResumesAfterCallback() {
        String user = "ada-" + UUID.randomUUID();
        String sessionId = createSession(user);
        String base = "/users/" + user + "/sessions/" + sessionId;

        JsonNode named = send("POST", base + "/messages", "{\"text\":\"Hi, my name is Ada\"}", 200);
        assertThat(named.get("state").get("user:name").asString()).isEqualTo("Ada");

        String uid = askCalendar(user, sessionId);
        JsonNode paused = send("GET", base, null, 200);
        assertThat(paused.get("flow").asString()).isEqualTo("calendar-lookup@after-login");
        assertThat(paused.get("waits").get(0).asString()).isEqualTo("login-callback/acme-calendar");

        JsonNode resumed = send("POST", "/users/" + user + "/login/callback?uid=" + uid, null, 200);
        assertThat(resumed.get("events").get(0).get("content").asString()).contains("resuming calendar-lookup");
        assertThat(resumed.get("events").get(3).get("content").asString())
            .isEqualTo("Today you have: 09:30 stand-up, 14:00 design review.");
        assertThat(resumed.get("waits")).isEmpty();
        assertThat(resumed.get("flow").isNull()).as("the finished flow is cleared on resume").isTrue();
        assertThat(send("GET", base, null, 200).get("flow").isNull()).isTrue();
        send("POST", "/users/" + user + "/login/callback?uid=" + uid, null, 404);

        JsonNode again = send("POST", base + "/messages", "{\"text\":\"calendar again please\"}", 200);
        assertThat(again.get("events").get(3).get("content").asString()).startsWith("Today you have");

        String second = createSession(user);
        JsonNode greeted = send("POST", "/users/" + user + "/sessions/" + second + "/messages",
                "{\"text\":\"hello\"}", 200);
        assertThat(greeted.get("events").get(1).get("content").asString()).startsWith("Hello again, Ada");

        JsonNode history = send("GET", base, null, 200);
        assertThat(history.get("eventCount").asLong()).isEqualTo(13);
        assertThat(history.get("waits")).isEmpty();
        assertThat(send("GET", "/users/" + user + "/sessions", null, 200)).hasSize(2);
        send("GET", "/users/mallory/sessions/" + sessionId, null, 404);

        JsonNode health = send("GET", "/actuator/health", null, 200);
        JsonNode agentSession = health.get("components").get("agentSession");
        assertThat(agentSession.get("status").asString()).isEqualTo("UP");
        assertThat(agentSession.get("details").get("store").asString()).isEqualTo(expectedStore());
        JsonNode endpoint = send("GET", "/actuator/agentsessions/sample/" + user + "/" + sessionId, null, 200);
        assertThat(endpoint.get("eventCount").asLong()).isEqualTo(13);
        assertThat(endpoint.toString()).doesNotContain(CalendarTool.TOKEN_PREFIX);
    }

    @Test
    void toolEventsWhenShownThenCarryTheirDataAsJson() {
        String user = "ada-" + UUID.randomUUID();
        String sessionId = createSession(user);
        String uid = askCalendar(user, sessionId);

        JsonNode call = send("GET", "/users/" + user + "/sessions/" + sessionId, null, 200).get("events").get(1);
        assertThat(call.get("type").asString()).isEqualTo("TOOL_CALL");
        assertThat(call.get("data").get("tool").asString()).isEqualTo("calendar.todaysMeetings");
        assertThat(call.has("content")).isFalse();

        JsonNode result = send("POST", "/users/" + user + "/login/callback?uid=" + uid, null, 200).get("events")
            .get(2);
        assertThat(result.get("type").asString()).isEqualTo("TOOL_RESULT");
        assertThat(result.get("data").get("meetings").get(0).asString()).isEqualTo("09:30 stand-up");
        assertThat(result.get("data").get("meetings")).hasSize(2);
    }

    @Test
    void loginCallbackWhenAnotherUserPresentsTheUidThenLoginStaysPendingAndItsOwnerResumesLater() {
        String ada = "ada-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        String sessionId = createSession(ada);
        String uid = askCalendar(ada, sessionId);

        JsonNode refused = send("POST", "/users/" + bob + "/login/callback?uid=" + uid, null, 404);
        assertThat(refused.get("detail").asString()).isEqualTo("No pending login " + uid + " for user " + bob);

        assertThat(this.auth.findByResolveUid(SessionRef.DEFAULT_TENANT, uid))
            .hasValueSatisfying((pending) -> assertThat(pending.status()).isEqualTo(AuthStatus.PENDING));
        JsonNode stillPaused = send("GET", "/users/" + ada + "/sessions/" + sessionId, null, 200);
        assertThat(stillPaused.get("waits").get(0).asString()).isEqualTo("login-callback/acme-calendar");

        JsonNode resumed = send("POST", "/users/" + ada + "/login/callback?uid=" + uid, null, 200);
        assertThat(resumed.get("events").get(3).get("content").asString())
            .isEqualTo("Today you have: 09:30 stand-up, 14:00 design review.");
    }

    private String createSession(String user) {
        return send("POST", "/users/" + user + "/sessions", null, 201).get("sessionId").asString();
    }

    /**
     * Asks the question that needs a login.
     * @return the resolve uid of the PENDING login the reply asks the user to complete
     */
    private String askCalendar(String user, String sessionId) {
        JsonNode asked = send("POST", "/users/" + user + "/sessions/" + sessionId + "/messages",
                "{\"text\":\"What is on my calendar?\"}", 200);
        assertThat(asked.get("flow").asString()).isEqualTo("calendar-lookup@after-login");
        String loginLine = asked.get("events").get(2).get("content").asString();
        assertThat(loginLine).contains("/users/" + user + "/login/callback?uid=");
        return loginLine.substring(loginLine.indexOf("uid=") + 4);
    }

    private JsonNode send(String method, String path, @Nullable String body, int expectedStatus) {
        return this.client.send(method, path, body, expectedStatus);
    }
}
