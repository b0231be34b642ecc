package dev.agentsession.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One whole conversation through HTTP: greeting, a remembered name, a tool that needs a login (PENDING auth
 * session and a paused flow), the login callback, and the resumed flow. Each profile's test runs it.
 */
abstract class ConversationScenario {

    private final HttpClient http = HttpClient.newHttpClient();

    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    /**
     * The store the profile runs on, as the health indicator names it.
     * @return the store type
     */
    protected abstract String expectedStore();

    @Test
    void conversationWhenToolNeedsLoginThenFlowPausesAndResumesAfterCallback() throws Exception {
        String user = "ada-" + UUID.randomUUID();
        String sessionId = send("POST", "/users/" + user + "/sessions", null, 201).get("sessionId").asString();
        String base = "/users/" + user + "/sessions/" + sessionId;

        JsonNode named = send("POST", base + "/messages", "{\"text\":\"Hi, my name is Ada\"}", 200);
        assertThat(named.get("state").get("user:name").asString()).isEqualTo("Ada");

        JsonNode asked = send("POST", base + "/messages", "{\"text\":\"What is on my calendar?\"}", 200);
        String loginLine = asked.get("events").get(2).get("content").asString();
        assertThat(loginLine).contains("/login/callback?uid=");
        String uid = loginLine.substring(loginLine.indexOf("uid=") + 4);
        JsonNode paused = send("GET", base, null, 200);
        assertThat(paused.get("flow").asString()).isEqualTo("calendar-lookup@after-login");
        assertThat(paused.get("waits").get(0).asString()).isEqualTo("login-callback/acme-calendar");

        JsonNode resumed = send("POST", "/users/" + user + "/login/callback?uid=" + uid, null, 200);
        assertThat(resumed.get("events").get(0).get("content").asString()).contains("resuming calendar-lookup");
        assertThat(resumed.get("events").get(3).get("content").asString())
            .isEqualTo("Today you have: 09:30 stand-up, 14:00 design review.");
        send("POST", "/users/" + user + "/login/callback?uid=" + uid, null, 404);

        JsonNode again = send("POST", base + "/messages", "{\"text\":\"calendar again please\"}", 200);
        assertThat(again.get("events").get(3).get("content").asString()).startsWith("Today you have");

        String second = send("POST", "/users/" + user + "/sessions", null, 201).get("sessionId").asString();
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

    private JsonNode send(String method, String path, @Nullable String body, int expectedStatus) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
            .header("Content-Type", "application/json");
        request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
                : HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s -> %s", method, path, response.body()).isEqualTo(expectedStatus);
        return response.body().isEmpty() ? this.json.nullNode() : this.json.readTree(response.body());
    }
}
