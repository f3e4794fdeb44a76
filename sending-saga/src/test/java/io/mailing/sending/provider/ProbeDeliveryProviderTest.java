package io.mailing.sending.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mailing.events.message.ErrorKind;
import io.mailing.sending.message.AttemptResult;
import io.mailing.sending.message.AttemptResult.Delivered;
import io.mailing.sending.message.AttemptResult.Failed;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The probe adapter against a real HTTP server on a free port whose answer each test scripts. */
class ProbeDeliveryProviderTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.s1gnature-XYZ";
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final long MSG_ID = 4_200_000_000_042L;
    private static final long PHONE = 79_161_234_567L;
    private static final String TEXT = "Say \"hi\" \\ to\nПривет 😀 </script>\t{\"code\":0}";
    private static final Duration PATIENT = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofMillis(300);

    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final ExecutorService clientThreads = Executors.newCachedThreadPool();
    private volatile Script script = exchange -> respond(exchange, 200, "{\"code\":0,\"message\":\"OK\"}");
    private HttpServer server;
    private URI baseUrl;

    @FunctionalInterface
    private interface Script {
        void answer(HttpExchange exchange) throws Exception;
    }

    private record Received(String method, String path, String authorization, String contentType, String body) {}

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            try {
                script.answer(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                exchange.close();
            }
        });
        server.start();
        baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        clientThreads.shutdownNow();
    }

    private ProbeDeliveryProvider provider(URI base) {
        return new ProbeDeliveryProvider(base, TOKEN, Duration.ofSeconds(2), clientThreads, InstantSource.fixed(NOW));
    }

    private AttemptResult send() throws Exception {
        return send(PATIENT);
    }

    private AttemptResult send(Duration timeout) throws Exception {
        return provider(baseUrl).send(MSG_ID, PHONE, TEXT, timeout).get(20, TimeUnit.SECONDS);
    }

    private void answer(int status, String body, String... headers) {
        script = exchange -> {
            for (int i = 0; i < headers.length; i += 2) {
                exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            respond(exchange, status, body);
        };
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Failed failed(ErrorKind kind, String detail) {
        return new Failed(kind, detail, null);
    }

    @Test
    void postsTheMessageAsJsonWithTheBearerToken() throws Exception {
        assertThat(send()).isEqualTo(new Delivered());

        Received request = received.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/send/" + MSG_ID);
        assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(request.contentType()).isEqualTo("application/json");
        JsonNode body = json.readTree(request.body());
        assertThat(body.get("id").isIntegralNumber()).isTrue();
        assertThat(body.get("id").asLong()).isEqualTo(MSG_ID);
        assertThat(body.get("phone").isIntegralNumber()).isTrue();
        assertThat(body.get("phone").asLong()).isEqualTo(PHONE);
        assertThat(body.get("text").asText()).isEqualTo(TEXT);
        assertThat(body.size()).isEqualTo(3);
        assertThat(request.body()).contains("\\\"hi\\\"", "\\\\", "\\n").doesNotContain("\n");
        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"'', /v1/send/7", "/, /v1/send/7", "/probe, /probe/v1/send/7", "/probe/, /probe/v1/send/7"})
    void joinsTheBaseUrlWithOrWithoutATrailingSlash(String basePath, String expectedPath) throws Exception {
        ProbeDeliveryProvider provider = provider(URI.create(baseUrl + basePath));

        assertThat(provider.send(7, PHONE, "hi", PATIENT).get(20, TimeUnit.SECONDS))
                .isEqualTo(new Delivered());

        assertThat(received.poll(5, TimeUnit.SECONDS).path()).isEqualTo(expectedPath);
    }

    @Test
    void isNamedProbe() {
        assertThat(provider(baseUrl).name()).isEqualTo("probe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"code\":0,\"message\":\"OK\"}", "{\"code\": 0}", " {\"message\":\"OK\",\"code\":0.0} "})
    void deliveredOnCodeZero(String body) throws Exception {
        answer(200, body, "Content-Type", "application/json");

        assertThat(send()).isEqualTo(new Delivered());
    }

    @Test
    void rejectedWithTheCodeAndMessageOnANonZeroCode() throws Exception {
        answer(200, "{\"code\":7,\"message\":\"phone\\nblacklisted\"}");

        assertThat(send()).isEqualTo(failed(ErrorKind.PROVIDER_REJECTED, "code 7: phone blacklisted"));
    }

    @Test
    void rejectedWithTheCodeAloneWhenThereIsNoMessage() throws Exception {
        answer(200, "{\"code\":-2}");

        assertThat(send()).isEqualTo(failed(ErrorKind.PROVIDER_REJECTED, "code -2"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "OK",
                "<html>gateway</html>",
                "[0]",
                "0",
                "null",
                "{\"message\":\"OK\"}",
                "{\"code\":\"0\"}",
                "{\"code\":null}",
                "{\"code\":0} trailing",
                "{\"code\":0"
            })
    void malformedOnAnyOtherOkBody(String body) throws Exception {
        answer(200, body);

        AttemptResult result = send();

        assertThat(result).isInstanceOf(Failed.class);
        Failed failed = (Failed) result;
        assertThat(failed.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(failed.detail()).startsWith("HTTP 200 ").contains(body.strip());
        assertThat(failed.retryAfter()).isNull();
    }

    @Test
    void malformedOnAnEmptyOkBody() throws Exception {
        answer(200, "");

        assertThat(send()).isEqualTo(failed(ErrorKind.MALFORMED_RESPONSE, "HTTP 200 with an empty body"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "120                           | PT2M",
                "' 0 '                         | PT0S",
                "Sat, 01 Mar 2025 10:01:30 GMT | PT1M30S",
                "Saturday, 01-Mar-25 10:02:00 GMT | PT2M",
                "Sat Mar  1 10:00:30 2025      | PT30S",
                "Fri, 28 Feb 2025 10:00:00 GMT | PT0S",
                "soon                          |",
                "-5                            |",
                "1.5                           |",
                "99999999999999999999999       |"
            })
    void rateLimitedWithTheRetryAfterAsSecondsOrAnHttpDate(String retryAfter, Duration expected) throws Exception {
        answer(429, "slow down", "Retry-After", retryAfter);

        assertThat(send()).isEqualTo(new Failed(ErrorKind.RATE_LIMITED, "HTTP 429: slow down", expected));
    }

    @Test
    void rateLimitedWithoutARetryAfter() throws Exception {
        answer(429, "");

        assertThat(send()).isEqualTo(failed(ErrorKind.RATE_LIMITED, "HTTP 429"));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void unauthorizedOn401And403(int status) throws Exception {
        answer(status, "token expired");

        assertThat(send()).isEqualTo(failed(ErrorKind.UNAUTHORIZED, "HTTP " + status + ": token expired"));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 413, 422})
    void clientErrorWithAnExcerptOnOther4xx(int status) throws Exception {
        answer(status, "{\"error\":\"bad phone\"}");

        assertThat(send()).isEqualTo(failed(ErrorKind.CLIENT_ERROR, "HTTP " + status + ": {\"error\":\"bad phone\"}"));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 599})
    void serverErrorOn5xx(int status) throws Exception {
        answer(status, "down");

        assertThat(send()).isEqualTo(failed(ErrorKind.SERVER_ERROR, "HTTP " + status + ": down"));
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 204, 302, 307, 600})
    void serverErrorOnAnUnexpectedStatusWithoutFollowingRedirects(int status) throws Exception {
        answer(status, status == 204 ? "" : "elsewhere", "Location", baseUrl + "/elsewhere");

        assertThat(send()).isEqualTo(failed(ErrorKind.SERVER_ERROR, "unexpected HTTP " + status));
        assertThat(received).hasSize(1);
    }

    @Test
    void keepsDetailsToOneBoundedLineWithoutTheToken() throws Exception {
        String echo = "Authorization: Bearer " + TOKEN + "\r\n";
        answer(500, echo + "line\n".repeat(300_000));

        AttemptResult result = send();

        assertThat(result).isInstanceOf(Failed.class);
        String detail = ((Failed) result).detail();
        assertThat(detail)
                .startsWith("HTTP 500: Authorization: Bearer [token] line line")
                .endsWith("…")
                .doesNotContain(TOKEN, "\n", "\r")
                .hasSize("HTTP 500: ".length() + ProbeDeliveryProvider.MAX_EXCERPT);
    }

    @Test
    void masksTheTokenInAnUnauthorizedAnswerThatEchoesIt() throws Exception {
        script = exchange ->
                respond(exchange, 401, "bad " + exchange.getRequestHeaders().getFirst("Authorization"));

        assertThat(send()).isEqualTo(failed(ErrorKind.UNAUTHORIZED, "HTTP 401: bad Bearer [token]"));
    }

    @Test
    void neverBlocksTheCaller() throws Exception {
        CountDownLatch answering = new CountDownLatch(1);
        script = exchange -> {
            answering.countDown();
            release.await();
            respond(exchange, 200, "{\"code\":0}");
        };

        CompletableFuture<AttemptResult> attempt = provider(baseUrl).send(MSG_ID, PHONE, TEXT, PATIENT);

        assertThat(answering.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(attempt).isNotDone();
        release.countDown();
        assertThat(attempt.get(20, TimeUnit.SECONDS)).isEqualTo(new Delivered());
    }

    @Test
    void timesOutWhenNoAnswerComes() throws Exception {
        script = exchange -> release.await();

        AttemptResult result = send(SHORT);

        assertThat(result).isEqualTo(failed(ErrorKind.TIMEOUT, "no response within 300 ms"));
    }

    @Test
    void waitsForEachCallAsLongAsThatCallIsGiven() throws Exception {
        script = exchange -> {
            Thread.sleep(SHORT.multipliedBy(2).toMillis()); // the provider's latency
            respond(exchange, 200, "{\"code\":0}");
        };
        ProbeDeliveryProvider provider = provider(baseUrl);

        AttemptResult impatient = provider.send(MSG_ID, PHONE, TEXT, SHORT).get(20, TimeUnit.SECONDS);
        AttemptResult patient = provider.send(MSG_ID, PHONE, TEXT, PATIENT).get(20, TimeUnit.SECONDS);

        assertThat(impatient).isEqualTo(failed(ErrorKind.TIMEOUT, "no response within 300 ms"));
        assertThat(patient).isEqualTo(new Delivered());
    }

    @Test
    void timesOutWhenTheBodyStallsHalfWay() throws Exception {
        script = exchange -> {
            exchange.sendResponseHeaders(200, 100);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"code\":".getBytes(StandardCharsets.UTF_8));
            out.flush();
            release.await();
        };

        AttemptResult result = send(SHORT);

        assertThat(result).isEqualTo(failed(ErrorKind.TIMEOUT, "no complete response within 1300 ms"));
    }

    @Test
    void connectionFailedWhenNobodyListens() throws Exception {
        server.stop(0);

        AttemptResult result = send();

        assertThat(result).isInstanceOf(Failed.class);
        assertThat(((Failed) result).kind()).isEqualTo(ErrorKind.CONNECTION_FAILED);
        assertThat(((Failed) result).detail()).contains("ConnectException");
    }

    @Test
    void connectionFailedWhenTheServerDropsTheConnection() throws Exception {
        script = exchange -> {
            throw new IllegalStateException("the handler dies before answering");
        };

        AttemptResult result = send();

        assertThat(result).isInstanceOf(Failed.class);
        assertThat(((Failed) result).kind()).isEqualTo(ErrorKind.CONNECTION_FAILED);
        assertThat(((Failed) result).detail()).isNotBlank().doesNotContain("\n");
    }

    @Test
    void tellsAConnectTimeoutFromAResponseTimeout() {
        ProbeDeliveryProvider provider = provider(baseUrl);

        assertThat(provider.failure(
                        new CompletionException(new HttpConnectTimeoutException("HTTP connect timed out")), SHORT))
                .isEqualTo(failed(ErrorKind.CONNECTION_FAILED, "no connection within 2000 ms"));
        assertThat(provider.failure(new CompletionException(new HttpTimeoutException("request timed out")), SHORT))
                .isEqualTo(failed(ErrorKind.TIMEOUT, "no response within 300 ms"));
    }

    @Test
    void reportsAnyOtherFailureAsAConnectionFailure() {
        ProbeDeliveryProvider provider = provider(baseUrl);

        assertThat(provider.failure(new CompletionException(new IOException("Connection reset")), SHORT))
                .isEqualTo(failed(ErrorKind.CONNECTION_FAILED, "IOException: Connection reset"));
        assertThat(provider.failure(new IllegalStateException("selector closed " + TOKEN), SHORT))
                .isEqualTo(failed(
                        ErrorKind.CONNECTION_FAILED, "unexpected IllegalStateException: selector closed [token]"));
    }

    @Test
    void keepsEveryDetailAtOneBoundedLine() {
        ProbeDeliveryProvider provider = provider(baseUrl);
        List<String> excerpts = new ArrayList<>();
        excerpts.add(provider.excerpt("a\r\n\tb   c\u0000d"));
        excerpts.add(provider.excerpt("😀".repeat(150)));

        assertThat(excerpts.get(0)).isEqualTo("a b c d");
        assertThat(excerpts.get(1))
                .hasSizeLessThanOrEqualTo(ProbeDeliveryProvider.MAX_EXCERPT)
                .endsWith("😀…");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"ftp://127.0.0.1/", "/relative", "http://127.0.0.1/?x=1", "http://127.0.0.1/#top", "mailto:a@b"})
    void refusesABaseUrlThatIsNotAPlainHttpUrl(String url) {
        assertThatThrownBy(() -> provider(URI.create(url)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void refusesAnEmptyToken(String token) {
        assertThatThrownBy(() -> new ProbeDeliveryProvider(baseUrl, token, PATIENT, clientThreads))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("provider token is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc\r\nX-Injected: 1", "two words", "tab\tbed"})
    void refusesATokenThatCannotBeABearerTokenWithoutRepeatingIt(String token) {
        assertThatThrownBy(() -> new ProbeDeliveryProvider(baseUrl, token, PATIENT, clientThreads))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("provider token contains whitespace or control characters");
    }

    @Test
    void closingEndsTheClientsThreads() {
        provider(baseUrl).close();

        assertThat(clientThreads.isShutdown()).isTrue();
    }

    @Test
    void refusesTimeoutsThatAreNotPositive() {
        assertThatThrownBy(() -> new ProbeDeliveryProvider(baseUrl, TOKEN, Duration.ZERO, clientThreads))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connect timeout");
        assertThatThrownBy(() -> provider(baseUrl).send(MSG_ID, PHONE, TEXT, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("request timeout");
    }
}
