package io.mailing.console.platform;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.console.ConsoleSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

/**
 * The console's only way to the platform: its public HTTP APIs, called with the signed-in user's bearer token, so
 * the platform decides what each user may do and records who did it. A refusal comes back as {@link ApiProblem}, a
 * token the platform no longer accepts as {@link SignedOut}, an API that does not answer as
 * {@link PlatformUnavailable}.
 */
@Component
public class PlatformClient {

    private final RestClient http;
    private final PlatformAddress address;
    private final ObjectMapper json;

    PlatformClient(RestClient.Builder builder, PlatformAddress address, ObjectMapper json, ConsoleSettings settings) {
        this.address = address;
        this.json = json;
        // A tolerant reader: the console reads what it shows and ignores what the API adds later.
        ObjectMapper tolerant = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.http = builder.messageConverters(converters -> {
                    converters.removeIf(converter -> converter instanceof MappingJackson2HttpMessageConverter);
                    converters.add(new MappingJackson2HttpMessageConverter(tolerant));
                })
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                        .build(ClientHttpRequestFactorySettings.defaults()
                                .withConnectTimeout(settings.apiTimeout())
                                .withReadTimeout(settings.apiTimeout())))
                .build();
    }

    /** A token for these credentials from the built-in token endpoint; an {@link ApiProblem} when refused. */
    public TokenAnswer issueToken(String username, String password) {
        return call(() -> http.post()
                .uri(
                        address.uri().toString(),
                        base -> base.path("/api/v1/auth/token").build())
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("username", username, "password", password))
                .retrieve()
                .onStatus(HttpStatusCode::isError, (request, response) -> {
                    throw refusal(response, false);
                })
                .body(TokenAnswer.class));
    }

    public <T> T get(Function<UriBuilder, UriBuilder> uri, ParameterizedTypeReference<T> type) {
        return call(() -> http.get()
                .uri(address.readUri().toString(), base -> uri.apply(base).build())
                .headers(headers -> headers.setBearerAuth(token()))
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::refuse)
                .body(type));
    }

    public <T> T get(Function<UriBuilder, UriBuilder> uri, Class<T> type) {
        return get(uri, ParameterizedTypeReference.forType(type));
    }

    public <T> T post(Function<UriBuilder, UriBuilder> uri, Object body, Class<T> type) {
        return post(address.uri(), uri, body, type);
    }

    /** A {@code POST} answered with its status too (201 for a thing created, 200 for one that was there already). */
    public <T> ResponseEntity<T> postForEntity(Function<UriBuilder, UriBuilder> uri, Object body, Class<T> type) {
        return call(() -> http.post()
                .uri(address.uri().toString(), base -> uri.apply(base).build())
                .headers(headers -> headers.setBearerAuth(token()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::refuse)
                .toEntity(type));
    }

    /**
     * A {@code POST} of a body that is not JSON (say, JSON lines to a streamed import), as {@code contentType}; the
     * answer read as JSON.
     */
    public <T> T post(Function<UriBuilder, UriBuilder> uri, MediaType contentType, byte[] body, Class<T> type) {
        return call(() -> http.post()
                .uri(address.uri().toString(), base -> uri.apply(base).build())
                .headers(headers -> headers.setBearerAuth(token()))
                .contentType(contentType)
                .body(body)
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::refuse)
                .body(type));
    }

    /**
     * The services that run the platform's event processors ({@code mailing.console.processor-api-urls}): a dead
     * letter is retried by the service whose processor parked it, and each of them retries only its own.
     */
    public List<URI> processorServices() {
        return address.processorUris();
    }

    /** A {@code POST} to one of {@link #processorServices()}. */
    public <T> T post(URI service, Function<UriBuilder, UriBuilder> uri, Object body, Class<T> type) {
        return call(() -> {
            RestClient.RequestBodySpec request = http.post()
                    .uri(service.toString(), base -> uri.apply(base).build())
                    .headers(headers -> headers.setBearerAuth(token()));
            if (body != null) {
                request.contentType(MediaType.APPLICATION_JSON).body(body);
            }
            return request.retrieve()
                    .onStatus(HttpStatusCode::isError, this::refuse)
                    .body(type);
        });
    }

    public <T> T put(Function<UriBuilder, UriBuilder> uri, Object body, ParameterizedTypeReference<T> type) {
        return call(() -> http.put()
                .uri(address.uri().toString(), base -> uri.apply(base).build())
                .headers(headers -> headers.setBearerAuth(token()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::refuse)
                .body(type));
    }

    public void delete(Function<UriBuilder, UriBuilder> uri) {
        call(() -> http.delete()
                .uri(address.uri().toString(), base -> uri.apply(base).build())
                .headers(headers -> headers.setBearerAuth(token()))
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::refuse)
                .toBodilessEntity());
    }

    /** The signed-in user; the console's pages are all behind sign-in, so there is one. */
    public static PlatformUser currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof PlatformUser user) {
            return user;
        }
        throw new SignedOut("Nobody is signed in");
    }

    private static String token() {
        return currentUser().token();
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (ResourceAccessException e) {
            throw new PlatformUnavailable("The platform's API does not answer", e);
        }
    }

    private void refuse(HttpRequest request, ClientHttpResponse response) throws IOException {
        throw refusal(response, true);
    }

    /** A 401 to a call with the user's token means the token is no longer good; to a sign-in, wrong credentials. */
    private RuntimeException refusal(ClientHttpResponse response, boolean withToken) throws IOException {
        HttpStatusCode status = response.getStatusCode();
        JsonNode problem = problem(response.getBody());
        if (withToken && status.value() == HttpStatus.UNAUTHORIZED.value()) {
            return new SignedOut("The platform no longer accepts the token");
        }
        if (status.is5xxServerError()) {
            return new PlatformUnavailable("The platform's API answered " + status.value(), null);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (JsonNode error : problem.path("errors")) {
            fields.putIfAbsent(
                    error.path("field").asText(), error.path("message").asText());
        }
        if (fields.isEmpty() && problem.path("field").isTextual() && problem.hasNonNull("detail")) {
            fields.put(problem.get("field").asText(), problem.get("detail").asText());
        }
        return new ApiProblem(
                status.value(),
                problem.path("title").asText(HttpStatus.valueOf(status.value()).getReasonPhrase()),
                problem.hasNonNull("detail") ? problem.get("detail").asText() : null,
                fields);
    }

    private JsonNode problem(InputStream body) {
        try {
            JsonNode problem = json.readTree(body);
            return problem == null ? json.createObjectNode() : problem;
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    /** The token endpoint's answer. */
    public record TokenAnswer(String accessToken, String tokenType, long expiresIn) {}
}
