package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailing.events.mailout.MailoutStarted;
import io.mailing.testsupport.StoredEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The console's sign-in through an OpenID Connect provider, in a real headless Chromium against the standalone
 * platform: a mock provider (no.nav's mock-oauth2-server) started here, and nothing configured but the standard
 * client registration, as a user would. Roles come Keycloak's way, from {@code realm_access.roles}
 * ({@code JWT_ROLES_CLAIM}); the tests' own API calls use built-in tokens, whose roles stay in {@code roles}. Skipped,
 * and says so, without Chromium.
 */
@RunningPlatform
@TestPropertySource(properties = "mailing.security.roles-claim=realm_access.roles")
class ConsoleOidcBrowserIT {

    private static final String ISSUER = "corporate";
    private static final String CLIENT = "mailing-console";
    private static final String SIGN_IN_WITH = "Sign in with Corporate SSO";
    private static final MockOAuth2Server provider = started();

    @RegisterExtension
    static final Browser browser = Browser.ofConsole(1280, 900);

    private final String base;
    private final PlatformApi api;
    private final StoredEvents events;

    ConsoleOidcBrowserIT(@LocalServerPort int port, TestRestTemplate http, JdbcTemplate jdbc) {
        this.base = "http://127.0.0.1:" + port;
        this.api = new PlatformApi(http);
        this.events = new StoredEvents(jdbc);
    }

    @DynamicPropertySource
    static void registration(DynamicPropertyRegistry registry) {
        String registration = "spring.security.oauth2.client.registration." + ISSUER + ".";
        registry.add(registration + "client-id", () -> CLIENT);
        registry.add(registration + "client-secret", () -> "console-secret");
        registry.add(registration + "client-name", () -> "Corporate SSO");
        registry.add(registration + "scope", () -> "openid");
        registry.add(
                "spring.security.oauth2.client.provider." + ISSUER + ".issuer-uri",
                () -> provider.issuerUrl(ISSUER).toString());
    }

    @AfterAll
    static void stopProvider() {
        provider.shutdown();
    }

    @Test
    void anAdminSignsInWithTheProviderAndStartsAMailout() throws Exception {
        api.importCustomers(5, "sso", 911);
        UUID mailout = UUID.fromString(
                api.createMailout("Hello, sso", "sso", Instant.now().plus(Duration.ofHours(1)))
                        .read("$.id"));
        api.await("/api/v1/mailouts/" + mailout, found -> true);

        signInWithProvider("ann", List.of("admin", "offline_access"), 3600);

        assertThat(browser.heading("Dashboard").isDisplayed()).isTrue();
        assertThat(browser.pageSource())
                .contains("ann")
                .as("no token in the page")
                .doesNotContain("eyJ");
        browser.open("/mailouts/" + mailout);
        browser.press("Start");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !api.get("/api/v1/mailouts/" + mailout)
                        .read("$.status", String.class)
                        .equals("SCHEDULED"));
        assertThat(events.metadata(MailoutStarted.class, mailout.toString()))
                .as("the platform knows who started it: the provider's user")
                .singleElement()
                .satisfies(metadata -> assertThat(metadata).containsEntry("principal", "ann"));
    }

    @Test
    void aUserWithoutARoleGetsNoAccess() {
        signInWithProvider("nobody", List.of("offline_access"), 3600);

        assertThat(browser.heading("No access").isDisplayed()).isTrue();
        assertThat(browser.pageSource()).contains("has no role");
    }

    @Test
    void aViewerSeesNoEnabledWriteControl() {
        signInWithProvider("vic", List.of("viewer"), 3600);

        assertThat(browser.heading("Dashboard").isDisplayed()).isTrue();
        assertThat(browser.enabledButtons()).containsOnly("Sign out");
        browser.open("/mailouts");
        assertThat(browser.enabledButtons()).containsOnly("Filter", "Sign out");
        assertThat(browser.findLink("New mailout")).isEmpty();
    }

    @Test
    void aSignedInUserSignsOut() {
        signInWithProvider("ann", List.of("admin"), 3600);
        assertThat(browser.heading("Dashboard").isDisplayed()).isTrue();

        browser.press("Sign out");
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.path().startsWith("/sign-in"));
        assertThat(browser.pageSource()).contains("You have signed out.");
        browser.open("/");
        assertThat(browser.path()).as("signed out for good").startsWith("/sign-in");
    }

    @Test
    void theSessionEndsWithTheProvidersToken() {
        signInWithProvider("ann", List.of("admin"), 3);
        assertThat(browser.heading("Dashboard").isDisplayed()).isTrue();

        // The dashboard's live figures, asked for every second, meet the expired sign-in and leave the page.
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.path().startsWith("/sign-in"));
        assertThat(browser.path()).isEqualTo("/sign-in?expired");
        assertThat(browser.pageSource()).contains("Your session has ended.");
    }

    @Test
    void theApiTakesTheProvidersTokensForTheConsolesClientOnly() throws Exception {
        assertThat(stats(providerToken(CLIENT, null, List.of("viewer"))).statusCode())
                .isEqualTo(200);
        assertThat(stats(providerToken("another-client", List.of("billing"), List.of("viewer")))
                        .statusCode())
                .as("another client of the same provider")
                .isEqualTo(401);
        assertThat(stats(providerToken("another-client", List.of(CLIENT), List.of("viewer")))
                        .statusCode())
                .as("a token for the console's client as audience")
                .isEqualTo(200);
    }

    /** Not a check but the README's picture of the sign-in page with a provider, under target/. */
    @Test
    void screenshotOfTheSignInPageWithAProvider() throws Exception {
        browser.open("/sign-in");
        assertThat(browser.link(SIGN_IN_WITH).isDisplayed()).isTrue();
        browser.screenshot("console-sign-in-oidc");
    }

    /**
     * Follows the sign-in page's provider link; the provider signs this user in at once with these realm roles and a
     * token valid for {@code seconds}, and sends the browser back to the console.
     */
    private void signInWithProvider(String user, List<String> roles, long seconds) {
        provider.enqueueCallback(
                new DefaultOAuth2TokenCallback(ISSUER, user, "JWT", null, claims(user, roles), seconds));
        browser.open("/");
        browser.link(SIGN_IN_WITH).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.pageSource().contains("Sign out"));
    }

    private static Map<String, Object> claims(String user, List<String> roles) {
        return Map.of("preferred_username", user, "realm_access", Map.of("roles", roles));
    }

    private static String providerToken(String clientId, List<String> audience, List<String> roles) {
        return provider.issueToken(
                        ISSUER,
                        clientId,
                        new DefaultOAuth2TokenCallback(ISSUER, "vic", "JWT", audience, claims("vic", roles), 60))
                .serialize();
    }

    private HttpResponse<String> stats(String token) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/stats"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** The authorization requests the provider has seen since last asked (their request lines). */
    private static List<String> authorizationRequests() throws InterruptedException {
        List<String> requests = new ArrayList<>();
        for (RecordedRequest request = provider.takeRequest(100, TimeUnit.MILLISECONDS);
                request != null;
                request = provider.takeRequest(100, TimeUnit.MILLISECONDS)) {
            if (request.getRequestLine().contains("/authorize")) {
                requests.add(request.getRequestLine());
            }
        }
        return requests;
    }

    private static MockOAuth2Server started() {
        MockOAuth2Server server = new MockOAuth2Server();
        server.start();
        return server;
    }
}
