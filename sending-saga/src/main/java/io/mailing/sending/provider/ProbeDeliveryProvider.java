package io.mailing.sending.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.events.message.ErrorKind;
import io.mailing.sending.message.AttemptResult;
import io.mailing.sending.message.AttemptResult.Delivered;
import io.mailing.sending.message.AttemptResult.Failed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The {@link DeliveryProvider} for the "probe" HTTP API: {@code POST {baseUrl}/v1/send/{msgId}} with a bearer token
 * and {@code {"id", "phone", "text"}}; success is HTTP 200 with {@code {"code": 0, …}}.
 *
 * <p>Every answer and every failure on the way becomes an {@link AttemptResult}; the returned future never completes
 * exceptionally. It completes on an {@link HttpClient} thread (or, for the whole-exchange timeout, on the JDK's
 * {@link CompletableFuture} delay thread), so dependent stages must not block. Details are a single line of at most
 * {@value #MAX_EXCERPT} characters of provider text after a short prefix, and never contain the token, even when the
 * provider echoes it.
 *
 * <p>Timeouts: {@code connectTimeout} bounds opening the connection ({@link ErrorKind#CONNECTION_FAILED}); each
 * call's own timeout, measured from the call, bounds the wait for the response headers ({@link ErrorKind#TIMEOUT});
 * the whole exchange including the body gets {@link #BODY_GRACE} more, so a provider that stalls mid-body cannot hold
 * an attempt open. Keep {@code connectTimeout} below the calls' timeouts, otherwise a slow connect is reported as a
 * timeout. Redirects are not followed (a 3xx is a failed attempt), so the token is only ever sent to {@code baseUrl}.
 */
public final class ProbeDeliveryProvider implements DeliveryProvider, AutoCloseable {

    /** The longest excerpt of provider text (a body, an exception message) that goes into a detail. */
    static final int MAX_EXCERPT = 200;

    /** How much of a response body is kept; the contract's answer is a few dozen bytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /**
     * The JDK's request timeout ends at the response headers; a body that has not fully arrived this long after the
     * request timeout is a {@link ErrorKind#TIMEOUT} too. The margin keeps the JDK's own timeout the one that fires
     * when no headers come at all.
     */
    public static final Duration BODY_GRACE = Duration.ofSeconds(1);

    private static final Pattern WHITESPACE_AND_CONTROLS = Pattern.compile("[\\s\\p{Cntrl}]+");

    private final String sendUrl;
    private final String token;
    private final String authorization;
    private final Duration connectTimeout;
    private final InstantSource clock;
    private final HttpClient client;
    private final ExecutorService executor;
    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * @param baseUrl an absolute http(s) URL without query or fragment; a trailing {@code /} is optional
     * @param token the bearer token; never logged and never part of a detail
     * @param connectTimeout the limit for opening a connection
     * @param executor runs the HTTP client's work on the answers; the provider owns it and shuts it down on close
     */
    public ProbeDeliveryProvider(URI baseUrl, String token, Duration connectTimeout, ExecutorService executor) {
        this(baseUrl, token, connectTimeout, executor, InstantSource.system());
    }

    /** As the public constructor, with the clock that {@code Retry-After} dates are measured against. */
    ProbeDeliveryProvider(
            URI baseUrl, String token, Duration connectTimeout, ExecutorService executor, InstantSource clock) {
        this.sendUrl = sendUrl(baseUrl);
        this.token = requireToken(token);
        this.authorization = "Bearer " + token;
        this.connectTimeout = requirePositive(connectTimeout, "connect timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.executor = executor;
    }

    /** Ends the HTTP client's threads (Spring calls it as the context closes). */
    @Override
    public void close() {
        executor.shutdown();
    }

    @Override
    public String name() {
        return "probe";
    }

    /** @param timeout the limit from the call to the response headers; the body gets {@link #BODY_GRACE} more */
    @Override
    public CompletableFuture<AttemptResult> send(long msgId, long phone, String text, Duration timeout) {
        requirePositive(timeout, "request timeout");
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = client.sendAsync(request(msgId, phone, text, timeout), info -> new BoundedBody(MAX_BODY_BYTES));
        } catch (RuntimeException | JsonProcessingException e) {
            return CompletableFuture.completedFuture(failure(e, timeout));
        }
        CompletableFuture<AttemptResult> result =
                exchange.handle((response, error) -> outcome(response, error, timeout));
        Duration wholeExchange = timeout.plus(BODY_GRACE);
        result.completeOnTimeout(
                new Failed(ErrorKind.TIMEOUT, "no complete response within " + millis(wholeExchange), null),
                wholeExchange.toNanos(),
                TimeUnit.NANOSECONDS);
        // Once the attempt has an outcome (normally the exchange's own), abort whatever is left of the exchange.
        result.whenComplete((outcome, error) -> exchange.cancel(true));
        return result;
    }

    private HttpRequest request(long msgId, long phone, String text, Duration timeout) throws JsonProcessingException {
        byte[] body = mapper.writeValueAsBytes(
                mapper.createObjectNode().put("id", msgId).put("phone", phone).put("text", text));
        return HttpRequest.newBuilder(URI.create(sendUrl + msgId))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private AttemptResult outcome(HttpResponse<byte[]> response, Throwable error, Duration timeout) {
        try {
            return error == null ? classify(response) : failure(error, timeout);
        } catch (RuntimeException e) {
            return failure(e, timeout);
        }
    }

    private AttemptResult classify(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        byte[] body = response.body();
        if (status == 200) {
            return classifyOk(body);
        }
        if (status == 429) {
            Duration retryAfter = response.headers()
                    .firstValue("Retry-After")
                    .map(value -> RetryAfter.parse(value, clock.instant()))
                    .orElse(null);
            return new Failed(ErrorKind.RATE_LIMITED, http(status, body), retryAfter);
        }
        if (status == 401 || status == 403) {
            return new Failed(ErrorKind.UNAUTHORIZED, http(status, body), null);
        }
        if (status >= 400 && status < 500) {
            return new Failed(ErrorKind.CLIENT_ERROR, http(status, body), null);
        }
        if (status >= 500 && status < 600) {
            return new Failed(ErrorKind.SERVER_ERROR, http(status, body), null);
        }
        return new Failed(ErrorKind.SERVER_ERROR, "unexpected HTTP " + status, null);
    }

    private AttemptResult classifyOk(byte[] body) {
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (IOException e) {
            return malformed("not JSON", body);
        }
        JsonNode code = json == null ? null : json.get("code");
        if (json == null || !json.isObject() || code == null || !code.isNumber()) {
            return malformed("without a numeric code", body);
        }
        if (code.decimalValue().signum() == 0) {
            return new Delivered();
        }
        JsonNode message = json.get("message");
        String detail = "code " + code.asText();
        if (message != null && !message.isNull()) {
            detail += ": " + excerpt(message.isTextual() ? message.asText() : message.toString());
        }
        return new Failed(ErrorKind.PROVIDER_REJECTED, detail, null);
    }

    private AttemptResult malformed(String what, byte[] body) {
        String detail = "HTTP 200 " + (body.length == 0 ? "with an empty body" : what + ": " + excerpt(body));
        return new Failed(ErrorKind.MALFORMED_RESPONSE, detail, null);
    }

    private String http(int status, byte[] body) {
        String excerpt = excerpt(body);
        return excerpt.isEmpty() ? "HTTP " + status : "HTTP " + status + ": " + excerpt;
    }

    /** Maps anything that went wrong on the way of a call with this timeout; never throws. */
    AttemptResult failure(Throwable error, Duration timeout) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new Failed(ErrorKind.CONNECTION_FAILED, "no connection within " + millis(connectTimeout), null);
        }
        if (cause instanceof HttpTimeoutException) {
            return new Failed(ErrorKind.TIMEOUT, "no response within " + millis(timeout), null);
        }
        String prefix = cause instanceof IOException ? "" : "unexpected ";
        return new Failed(ErrorKind.CONNECTION_FAILED, prefix + describe(cause), null);
    }

    private String describe(Throwable error) {
        String name = error.getClass().getSimpleName();
        String message = error.getMessage();
        if (message == null && error.getCause() != null && error.getCause() != error) {
            return name + " (" + describe(error.getCause()) + ")";
        }
        return message == null ? name : name + ": " + excerpt(message);
    }

    private String excerpt(byte[] body) {
        // All of the (bounded) body, so that a token it echoes is masked as a whole before the text is cut.
        return excerpt(new String(body, StandardCharsets.UTF_8));
    }

    /** One line, at most {@link #MAX_EXCERPT} characters, the token masked. */
    String excerpt(String text) {
        String line = WHITESPACE_AND_CONTROLS.matcher(text).replaceAll(" ").strip();
        if (!token.isEmpty()) {
            line = line.replace(token, "[token]");
        }
        if (line.length() <= MAX_EXCERPT) {
            return line;
        }
        int end = MAX_EXCERPT - 1;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end) + "…";
    }

    private static String sendUrl(URI baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (!baseUrl.isAbsolute()
                || baseUrl.isOpaque()
                || baseUrl.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                || baseUrl.getRawQuery() != null
                || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "provider base URL must be an absolute http(s) URL without query or fragment: " + baseUrl);
        }
        String url = baseUrl.toString();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url + "/v1/send/";
    }

    private static String requireToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("provider token is empty");
        }
        if (token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("provider token contains whitespace or control characters");
        }
        return token;
    }

    private static Duration requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
        return duration;
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}
