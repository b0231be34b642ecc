package dev.agentsession.sample;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every bad request gets 400 and a problem body whose {@code detail} says what is wrong; none gets a 500.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BadRequestTests {

    private static final String JSON = "application/json";

    @LocalServerPort
    private int port;

    private SampleClient client;

    private String session;

    @BeforeEach
    void createSession() {
        this.client = new SampleClient(this.port);
        this.session = "/users/eve/sessions/"
                + this.client.send("POST", "/users/eve/sessions", null, 201).get("sessionId").asString();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                arguments("POST", "{session}/messages", "{}", JSON, "text must not be blank"),
                arguments("POST", "{session}/messages", "{\"text\":null}", JSON, "text must not be blank"),
                arguments("POST", "{session}/messages", "{\"text\":\"  \"}", JSON, "text must not be blank"),
                arguments("POST", "{session}/messages", "{\"text\":", JSON,
                        "The request body is missing or is not valid JSON, e.g. {\"text\":\"Hello\"}"),
                arguments("POST", "{session}/messages", null, JSON,
                        "The request body is missing or is not valid JSON, e.g. {\"text\":\"Hello\"}"),
                arguments("GET", "{session}?recent=abc", null, null, "Failed to convert 'recent' with value: 'abc'"),
                arguments("GET", "{session}?recent=0", null, null, "recent count must be at least 1, was 0"),
                arguments("GET", "/users/eve/sessions?limit=0", null, null, "limit must be 1 to 1000, was 0"),
                arguments("POST", "/users/a%01b/sessions", null, null,
                        "userId must not contain control characters (found U+0001 at index 1)"),
                arguments("GET", "/users/eve/sessions/" + "x".repeat(257), null, null,
                        "sessionId must be 1 to 256 characters long, was 257"),
                arguments("POST", "/users/eve/login/callback", null, null, "Required parameter 'uid' is not present."));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("badRequests")
    void requestWhenInvalidThenBadRequestWithDetail(String method, String path, @Nullable String body,
            @Nullable String contentType, String detail) {
        HttpResponse<String> response = this.client.exchange(method, path.replace("{session}", this.session), body,
                contentType);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = this.client.json(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asString()).isEqualTo(detail);
    }

    @Test
    void messageWhenTextIsMissingThenNothingIsAppended() {
        this.client.send("POST", this.session + "/messages", "{}", 400);

        assertThat(this.client.send("GET", this.session, null, 200).get("eventCount").asLong()).isZero();
    }

    @Test
    void messageWhenEventExceedsTheSizeLimitThenBadRequestNamingTheProperty() {
        JsonNode problem = this.client.send("POST", this.session + "/messages",
                "{\"text\":\"" + "a".repeat(1_100_000) + "\"}", 400);

        assertThat(problem.get("detail").asString()).contains("agent.session.max-event-size", "nothing was written");
    }
}
