package io.mailing.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Talks to a simulator over HTTP the way the platform does: {@link HttpClient}, HTTP/1.1. */
final class SimulatorClient {

    static final String TOKEN = SimulatorSettings.DEFAULT_TOKEN;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    private final URI baseUrl;

    SimulatorClient(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    static String body(long id, long phone, String text) {
        return "{\"id\":" + id + ",\"phone\":" + phone + ",\"text\":\"" + text + "\"}";
    }

    /** A valid call of {@code msgId} with the right token. */
    HttpResponse<String> send(long msgId) {
        return send(String.valueOf(msgId), body(msgId, 79_161_234_567L, "Hello"), TOKEN);
    }

    /** A call with this bearer token, or with no Authorization header when {@code token} is null. */
    HttpResponse<String> send(String msgId, String body, String token) {
        return sendWithAuthorization(msgId, body, token == null ? null : "Bearer " + token);
    }

    HttpResponse<String> sendWithAuthorization(String msgId, String body, String authorization) {
        return execute(sendRequest(msgId, body, authorization, TIMEOUT));
    }

    CompletableFuture<HttpResponse<String>> sendAsync(long msgId, Duration timeout) {
        return http.sendAsync(
                sendRequest(String.valueOf(msgId), body(msgId, 79_161_234_567L, "Hello"), "Bearer " + TOKEN, timeout),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String pathAndQuery) {
        return execute(request(pathAndQuery).GET().build());
    }

    HttpResponse<String> put(String path, String body) {
        return execute(
                request(path).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> post(String path) {
        return execute(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<String> method(String method, String path) {
        return execute(request(path)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    HttpRequest sendRequest(String msgId, String body, String authorization, Duration timeout) {
        HttpRequest.Builder builder = request("/v1/send/" + msgId)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    HttpResponse<String> execute(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(baseUrl.resolve(pathAndQuery)).timeout(TIMEOUT);
    }
}
