package dev.agentsession.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plays a conversation through the sample's HTTP API on the embedded default store.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

    private final HttpClient http = HttpClient.newHttpClient();

    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @Test
    void chatWhenUserGivesNameThenLaterSessionsRememberIt() throws Exception {
        JsonNode created = send("POST", "/users/ada/sessions", null, 201);
        String sessionId = created.get("sessionId").asString();
        assertThat(created.get("version").asLong()).isEqualTo(1);

        JsonNode turn = send("POST", "/users/ada/sessions/" + sessionId + "/messages",
                "{\"text\":\"Hi, my name is Ada\"}", 200);
        assertThat(turn.get("state").get("user:name").asString()).isEqualTo("Ada");
        assertThat(turn.get("events").get(1).get("content").asString()).contains("Nice to meet you, Ada");

        String second = send("POST", "/users/ada/sessions", null, 201).get("sessionId").asString();
        JsonNode greeting = send("POST", "/users/ada/sessions/" + second + "/messages", "{\"text\":\"hello\"}", 200);
        assertThat(greeting.get("events").get(1).get("content").asString()).startsWith("Hello again, Ada");

        JsonNode read = send("GET", "/users/ada/sessions/" + sessionId, null, 200);
        assertThat(read.get("eventCount").asLong()).isEqualTo(2);
        assertThat(read.get("events").get(0).get("content").asString()).isEqualTo("Hi, my name is Ada");

        send("GET", "/users/bob/sessions/" + sessionId, null, 404);
    }

    private JsonNode send(String method, String path, String body, int expectedStatus) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
            .header("Content-Type", "application/json");
        request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
                : HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return this.json.readTree(response.body());
    }
}
