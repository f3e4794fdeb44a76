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
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
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
@AutoConfigureObservability(tracing = false)
@TestPropertySource(properties = "mailing.security.lockout=2s")
class SecurityIT {

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
    void theTokenEndpointRefusesBadCredentialsAndThrottlesRepeatedFailures() throws Exception {
        HttpResponse<String> blank = send("POST", "/api/v1/auth/token", "{\"username\":\" \",\"password\":\"\"}", null);
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<List<String>>read(blank.body(), "$.errors[*].field"))
                .containsExactlyInAnyOrder("username", "password");
        assertThat(token(TestUsers.VIEWER, "wrong").statusCode()).isEqualTo(401);
        for (int i = 1; i < 5; i++) {
            assertThat(token(TestUsers.VIEWER, "wrong").statusCode()).isEqualTo(401);
        }

        HttpResponse<String> throttled = token(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);
        assertThat(throttled.statusCode())
                .as("even the right password, while locked out")
                .isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(token(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD).statusCode())
                .as("other users are not locked out")
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> token(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD).statusCode() == 200);
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

    /** A token of the external issuer's kind (RS256) signed by a key it did not publish. */
    private static String forgedToken() throws JOSEException {
        return sign(new RSAKeyGenerator(2048).keyID("issuer-key").generate(), "mallory", "ADMIN");
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
        return sign(ISSUER_KEY, subject, role);
    }

    private static String sign(RSAKey key, String subject, String role) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
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
