package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.testsupport.StoredEvents;
import io.mailing.testsupport.TestUsers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The API as a caller without, with a wrong, a viewer's, an admin's and an external issuer's token meets it, over
 * plain HTTP (a client of its own, not the tests' admin-token {@code TestRestTemplate}). The external issuer is a
 * locally generated RSA key pair whose JWKS a small HTTP server publishes.
 */
@RunningPlatform
@ExtendWith(OutputCaptureExtension.class)
@AutoConfigureObservability(tracing = false)
@TestPropertySource(properties = {"mailing.security.lockout=2s", "mailing.security.max-failed-logins=8"})
class SecurityIT {

    private static final String AUDIENCE = "mailing-api";
    private static final String ANOTHER = "127.0.0.3";
    private static final String YET_ANOTHER = "127.0.0.4";
    private static final String AND_ANOTHER = "127.0.0.5";
    private static final String TOKEN_REFUSED =
            "The bearer token is malformed, expired or not signed by a trusted issuer";

    private static final RSAKey ISSUER_KEY = rsaKey();
    private static final HttpServer JWKS = jwks();
    private static final String CUSTOMER = "{\"phone\":\"+7%s\",\"timeZone\":\"UTC\"}";

    private final HttpClient client = HttpClient.newHttpClient();
    private final StoredEvents events;
    private final int port;

    SecurityIT(@LocalServerPort int port, JdbcTemplate jdbc) {
        this.port = port;
        this.events = new StoredEvents(jdbc);
    }

    @DynamicPropertySource
    static void externalIssuer(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks");
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> AUDIENCE + ",another-api");
    }

    @AfterAll
    static void stopIssuer() {
        JWKS.stop(0);
    }

    @Test
    void withoutAValidTokenEveryApiCallIsRefusedWith401() throws Exception {
        for (HttpResponse<String> refused : List.of(
                send("GET", "/api/v1/stats", null, null),
                send("POST", "/api/v1/customers", customer("9120000001"), null),
                send("GET", "/api/v1/mailouts", null, "not-a-jwt"),
                send("GET", "/api/v1/mailouts", null, forgedToken()),
                send("GET", "/api/v1/mailouts", null, builtInToken("someone-else", Duration.ofMinutes(5))),
                send("GET", "/api/v1/mailouts", null, builtInToken("mailing-platform", Duration.ofMinutes(-5))))) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(JsonPath.<Integer>read(refused.body(), "$.status")).isEqualTo(401);
        }
        HttpResponse<String> malformed = send("GET", "/api/v1/mailouts", null, "eyJhbGciOi.not-a-jwt");
        assertThat(JsonPath.<String>read(malformed.body(), "$.detail"))
                .as("no parser internals")
                .isEqualTo(TOKEN_REFUSED);
    }

    @Test
    void headIsAllowedWhereGetIs() throws Exception {
        String viewer = login(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);

        HttpResponse<String> head = send("HEAD", "/api/v1/stats", null, viewer);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(send("HEAD", "/api/v1/customers", null, viewer).statusCode()).isEqualTo(200);
        assertThat(send("HEAD", "/v3/api-docs", null, null).statusCode()).isEqualTo(200);
        assertThat(send("HEAD", "/api/v1/stats", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void everyAnswerForbidsFramingAndReferrersAndTheApiLoadsNothing() throws Exception {
        String viewer = login(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);
        for (HttpResponse<String> response : List.of(
                send("GET", "/api/v1/stats", null, viewer),
                send("GET", "/api/v1/stats", null, null),
                send("POST", "/api/v1/customers", customer("9120000004"), viewer),
                send("GET", "/v3/api-docs", null, null),
                send("GET", "/actuator/health", null, null))) {
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .as(response.uri().toString())
                    .hasValue("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
            assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        }
        HttpResponse<String> docs = send("GET", "/swagger-ui/index.html", null, null);
        assertThat(docs.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(policy -> assertThat(policy)
                        .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                        .doesNotContain("unsafe-eval"));
        assertThat(docs.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void requestsRefusedBeforeTheApiAnswerProblemDetails() throws Exception {
        String viewer = login(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);
        String auth = "Authorization: Bearer " + viewer + "\r\n";
        for (String target : List.of(
                "/api/v1/stats;jsessionid=1",
                "/api/v1/customers/%00",
                "/api/v1/customers/a%2Fb",
                "/api/v1/customers/%2e%2e/stats",
                "/api/v1/customers/" + "x".repeat(20_000))) {
            RawResponse refused = raw("127.0.0.1", "GET " + target + " HTTP/1.1\r\n" + auth, null);
            assertProblem(refused, target);
        }
        RawResponse hugeHeader =
                raw("127.0.0.1", "GET /api/v1/stats HTTP/1.1\r\nX-Big: " + "y".repeat(20_000) + "\r\n", null);
        assertProblem(hugeHeader, "a 20 KB header");
        assertThat(hugeHeader.status()).isIn(400, 431);

        HttpResponse<String> error = send("GET", "/error", null, null);
        assertThat(error.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> html = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/error"))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(html.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(html.body()).doesNotContain("<html");
    }

    @Test
    void aViewerReadsButCannotWriteAnAdminCan() throws Exception {
        String viewer = login(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);
        String admin = login(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);

        assertThat(send("GET", "/api/v1/stats", null, viewer).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/stats", null, viewer).statusCode())
                .as("the same token again (remembered once checked)")
                .isEqualTo(200);
        HttpResponse<String> forbidden = send("POST", "/api/v1/customers", customer("9120000002"), viewer);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(JsonPath.<String>read(forbidden.body(), "$.type")).isEqualTo("urn:mailing:problem:forbidden");
        assertThat(send("POST", "/api/v1/admin/projections/mailouts/replay", null, viewer)
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/v1/customers", customer("9120000002"), admin)
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void theDocumentationHealthAndMetricsAreOpen() throws Exception {
        assertThat(send("GET", "/v3/api-docs", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/prometheus", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/swagger-ui/index.html", null, null).statusCode())
                .isEqualTo(200);
        String docs = send("GET", "/v3/api-docs", null, null).body();
        assertThat(JsonPath.<String>read(docs, "$.components.securitySchemes.bearer.scheme"))
                .isEqualTo("bearer");
    }

    @Test
    void theTokenEndpointRefusesOddUserNamesBeforeLookingThemUp(CapturedOutput output) throws Exception {
        HttpResponse<String> blank = send("POST", "/api/v1/auth/token", "{\"username\":\" \",\"password\":\"\"}", null);
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<List<String>>read(blank.body(), "$.errors[*].field"))
                .containsExactlyInAnyOrder("username", "password");
        String longName = "long-name-" + "z".repeat(200);
        for (String name : List.of(longName, "ann\\u0000", "ann\\nINFO forged log line", "ann\\u202Enimda")) {
            HttpResponse<String> odd = token(name, "wrong");
            assertThat(odd.statusCode()).as(name).isEqualTo(400);
            assertThat(odd.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JsonPath.<List<String>>read(odd.body(), "$.errors[*].field"))
                    .containsExactly("username");
        }
        assertThat(token(TestUsers.VIEWER, "p".repeat(73)).statusCode()).isEqualTo(400);
        // The console log is written by a thread of its own (AsyncConsole): once the six requests' access lines are
        // out, whatever they logged before them is too.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> output.getAll().split("POST /api/v1/auth/token 400", -1).length > 6);
        assertThat(output.getAll()).doesNotContain(longName.substring(0, 30)).doesNotContain("forged log line");
    }

    @Test
    void anAddressThatFailsTooOftenIsRefusedButCannotLockTheAccountForOthers() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(tokenFrom(ANOTHER, TestUsers.VIEWER, "wrong").status()).isEqualTo(401);
        }

        RawResponse refused = tokenFrom(ANOTHER, TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);
        assertThat(refused.status())
                .as("even the right password, from that address")
                .isEqualTo(429);
        assertThat(refused.headers()).containsKey("retry-after");
        assertThat(tokenFrom(ANOTHER, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD).status())
                .as("whatever the user name")
                .isEqualTo(429);
        assertThat(token(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD).statusCode())
                .as("the real user from another address")
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tokenFrom(ANOTHER, TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD)
                                .status()
                        == 200);
    }

    @Test
    void aUserNameThatFailsTooOftenFromSeveralAddressesIsLockedOut() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(tokenFrom(YET_ANOTHER, TestUsers.ADMIN, "wrong").status())
                    .isEqualTo(401);
            assertThat(tokenFrom(AND_ANOTHER, TestUsers.ADMIN, "wrong").status())
                    .isEqualTo(401);
        }

        HttpResponse<String> locked = token(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        assertThat(locked.statusCode()).as("even the right password").isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(token(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD).statusCode())
                .as("other users are not locked out")
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> token(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD).statusCode() == 200);
    }

    @Test
    void anExternalTokenForAnotherAudienceIsRefused() throws Exception {
        assertThat(send("GET", "/api/v1/stats", null, sign(ISSUER_KEY, "kc-viewer", "viewer", null))
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/api/v1/stats", null, sign(ISSUER_KEY, "kc-viewer", "viewer", List.of("billing")))
                        .statusCode())
                .isEqualTo(401);
        assertThat(send(
                                "GET",
                                "/api/v1/stats",
                                null,
                                sign(ISSUER_KEY, "kc-viewer", "viewer", List.of("billing", "another-api")))
                        .statusCode())
                .as("one of the configured audiences is enough")
                .isEqualTo(200);
    }

    @Test
    void aTokenFromTheConfiguredExternalIssuerIsAcceptedWithItsRoles() throws Exception {
        String viewer = externalToken("kc-viewer", "viewer");
        String admin = externalToken("kc-admin", "ADMIN");

        assertThat(send("GET", "/api/v1/stats", null, viewer).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/stats", null, viewer).statusCode())
                .as("the same token again (remembered once checked)")
                .isEqualTo(200);
        assertThat(send("POST", "/api/v1/customers", customer("9120000003"), viewer)
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> created = send("POST", "/api/v1/customers", customer("9120000003"), admin);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(events.metadata(CustomerRegistered.class, JsonPath.read(created.body(), "$.id")))
                .singleElement()
                .satisfies(metadata -> assertThat(metadata).containsEntry("principal", "kc-admin"));
    }

    private static String customer(String digits) {
        return String.format(CUSTOMER, digits);
    }

    private String login(String username, String password) throws Exception {
        HttpResponse<String> response = token(username, password);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.tokenType")).isEqualTo("Bearer");
        assertThat(JsonPath.<Integer>read(response.body(), "$.expiresIn")).isPositive();
        return JsonPath.read(response.body(), "$.accessToken");
    }

    private HttpResponse<String> token(String username, String password) throws Exception {
        return send(
                "POST",
                "/api/v1/auth/token",
                String.format("{\"username\":\"%s\",\"password\":\"%s\"}", username, password),
                null);
    }

    private HttpResponse<String> send(String method, String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private RawResponse tokenFrom(String address, String username, String password) throws IOException {
        String json = String.format("{\"username\":\"%s\",\"password\":\"%s\"}", username, password);
        return raw(address, "POST /api/v1/auth/token HTTP/1.1\r\nContent-Type: application/json\r\n", json);
    }

    /**
     * One request over a socket of its own from this loopback address (the JDK's client can neither choose its
     * address nor send what a browser would not), {@code head} being the request line and any headers.
     */
    private RawResponse raw(String address, String head, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(address), 0)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Host: 127.0.0.1:" + port + "\r\nConnection: close\r\nContent-Length: " + content.length
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String[] parts = response.split("\r\n\r\n", 2);
            String[] lines = parts[0].split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                String[] header = lines[i].split(":", 2);
                headers.put(header[0].trim().toLowerCase(Locale.ROOT), header[1].trim());
            }
            return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, parts.length > 1 ? parts[1] : "");
        }
    }

    private static void assertProblem(RawResponse response, String what) {
        assertThat(response.status()).as(what).isBetween(400, 499);
        assertThat(response.headers().get("content-type")).as(what).startsWith("application/problem+json");
        assertThat(response.body())
                .as(what)
                .contains("\"status\":" + response.status())
                .doesNotContain("<html");
        assertThat(response.headers()).as(what).containsKeys("content-security-policy", "referrer-policy");
    }

    private record RawResponse(int status, Map<String, String> headers, String body) {}

    /** A token of the external issuer's kind (RS256) signed by a key it did not publish. */
    private static String forgedToken() throws JOSEException {
        return sign(new RSAKeyGenerator(2048).keyID("issuer-key").generate(), "mallory", "ADMIN", List.of(AUDIENCE));
    }

    /** A token of the built-in kind (HS256, the deployment's secret) with this issuer, expiring this far from now. */
    private static String builtInToken(String issuer, Duration expiresIn) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(TestUsers.ADMIN)
                .issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(Instant.now().plus(expiresIn)))
                .claim("roles", List.of("ADMIN"))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(TestUsers.SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static String externalToken(String subject, String role) throws JOSEException {
        return sign(ISSUER_KEY, subject, role, List.of(AUDIENCE));
    }

    private static String sign(RSAKey key, String subject, String role, List<String> audiences) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(audiences)
                .subject(subject)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                .claim("roles", List.of(role))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("issuer-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer jwks() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(ISSUER_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
