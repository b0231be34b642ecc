package dev.agentsession.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the started sample over HTTP, as a client of its REST API would.
 */
final class SampleClient {

    private final HttpClient http = HttpClient.newHttpClient();

    private final JsonMapper json = JsonMapper.builder().build();

    private final int port;

    SampleClient(int port) {
        this.port = port;
    }

    /**
     * Sends a request with a JSON body (or none) and checks the status.
     * @param method the HTTP method
     * @param path the path and query
     * @param body the JSON body, or {@code null} for none
     * @param expectedStatus the status the response must have
     * @return the response body as JSON (a null node when empty)
     */
    JsonNode send(String method, String path, @Nullable String body, int expectedStatus) {
        HttpResponse<String> response = exchange(method, path, body, "application/json");
        assertThat(response.statusCode()).as("%s %s -> %s", method, path, response.body()).isEqualTo(expectedStatus);
        return response.body().isEmpty() ? this.json.nullNode() : this.json.readTree(response.body());
    }

    /**
     * Sends a request as given, without checking the answer.
     * @param method the HTTP method
     * @param path the path and query
     * @param body the body, or {@code null} for none
     * @param contentType the request's content type, or {@code null} for none
     * @return the response
     */
    HttpResponse<String> exchange(String method, String path, @Nullable String body, @Nullable String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method,
                (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
        try {
            return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException("The sample did not answer " + method + " " + path, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + method + " " + path, ex);
        }
    }

    /**
     * Reads a JSON text.
     * @param text the JSON
     * @return its tree
     */
    JsonNode json(String text) {
        return this.json.readTree(text);
    }
}
