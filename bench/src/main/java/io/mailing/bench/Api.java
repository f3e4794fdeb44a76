package io.mailing.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** JSON over HTTP to one base URL, with a bearer token once logged in. */
public final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http;
    private String token;

    public Api(String base) {
        this.base = base;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Api login(String username, String password) {
        token = post("/api/v1/auth/token", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .path("accessToken")
                .asText();
        return this;
    }

    /** The same credentials at another base URL: another service of the split topology, which trusts the token. */
    public Api at(String otherBase) {
        Api other = new Api(otherBase);
        other.token = token;
        return other;
    }

    public JsonNode get(String path) {
        return call(request(path).GET());
    }

    public JsonNode post(String path, String body) {
        return call(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A {@code POST} of a body of this content type, read from {@code body} as the request is sent. */
    public JsonNode post(String path, String contentType, Supplier<InputStream> body) {
        return call(request(path)
                .setHeader("Content-Type", contentType)
                .timeout(Duration.ofHours(1))
                .POST(HttpRequest.BodyPublishers.ofInputStream(body)));
    }

    public JsonNode put(String path, String body) {
        return call(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A connection of its own to the same base URL, with the same token, for load generation. */
    Connection connect() {
        return new Connection(base, token);
    }

    /** The raw text of a GET, e.g. Prometheus metrics. */
    String text(String path) {
        return exchange(request(path).GET().build()).body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(5))
                .setHeader("Content-Type", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private JsonNode call(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        HttpResponse<String> response = exchange(built);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(
                    built.method() + " " + built.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
