package io.mailing.standalone;

import static io.mailing.standalone.Browser.live;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.mailing.testsupport.TestUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

/**
 * The operators' console in a real headless Chromium against the standalone platform: sign-in, the dashboard, a
 * mailout started from its page whose progress bar reaches 100 % without a reload, pause and resume, a viewer who
 * can change nothing, and forged posts refused. Delivery is held to 40 messages a second so that progress is seen
 * on its way. Skipped, and says so, without Chromium.
 */
@RunningPlatform
@TestPropertySource(properties = "mailing.delivery.rate-limit=40")
class ConsoleBrowserIT {

    /** Six seconds of delivery at 40 a second: the page, polling every two seconds, shows it on its way. */
    private static final int RECIPIENTS = 240;

    @RegisterExtension
    static final Browser browser = Browser.ofConsole(1280, 900);

    private final String base;
    private final PlatformApi api;

    ConsoleBrowserIT(@LocalServerPort int port, TestRestTemplate http) {
        this.base = "http://127.0.0.1:" + port;
        this.api = new PlatformApi(http);
    }

    @Test
    void anAdminSignsInAndSeesTheDashboard() {
        browser.open("/mailouts");
        assertThat(browser.path()).startsWith("/sign-in");
        assertThat(browser.styled()).as("the sign-in page's stylesheet loaded").isTrue();
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);

        assertThat(browser.heading("Dashboard").isDisplayed()).isTrue();
        for (String page : List.of("Dashboard", "Mailouts", "Customers", "Audit")) {
            assertThat(browser.link(page).isDisplayed()).as(page).isTrue();
        }
        assertThat(browser.heading("Mailouts by status").isDisplayed()).isTrue();
        assertThat(browser.styled()).as("the console's stylesheet loaded").isTrue();
        assertThat(browser.heading("Running mailouts").isDisplayed()).isTrue();
        Cookie session = browser.cookie("JSESSIONID");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(browser.pageSource()).as("no token in the page").doesNotContain("eyJ");

        browser.submit("Sign out");
        await().atMost(Browser.PATIENCE).until(() -> browser.path().startsWith("/sign-in"));
        browser.open("/");
        assertThat(browser.path()).as("signed out for good").startsWith("/sign-in");
    }

    @Test
    void wrongCredentialsAreSaidSo() {
        browser.signIn(TestUsers.ADMIN, "not-the-password");

        assertThat(browser.pageSource()).contains("Wrong username or password.");
        assertThat(browser.field("Username").isDisplayed()).isTrue();
    }

    @Test
    void aStartedMailoutsProgressReachesAHundredPercentWithoutAReload() {
        api.importCustomers(RECIPIENTS, "live", 901);
        UUID mailout = scheduledMailout("live", null, null);
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        browser.open("/mailouts/" + mailout);
        WebElement page = browser.heading("Mailout");

        browser.press("Start");

        List<Long> seen = new ArrayList<>();
        live().pollInterval(Duration.ofMillis(200)).until(() -> {
            WebElement progress = browser.progressbar("Delivery progress");
            long value = Long.parseLong(progress.getDomProperty("value"));
            long max = Long.parseLong(progress.getDomProperty("max"));
            seen.add(value);
            return max == RECIPIENTS && value == RECIPIENTS;
        });
        assertThat(seen).as("progress seen on its way").anyMatch(value -> value > 0 && value < RECIPIENTS);
        assertThat(page.isDisplayed()).as("the same page, never reloaded").isTrue();
        live().until(() -> browser.pageSource().contains("COMPLETED"));
        live().alias("no pause for a completed mailout")
                .until(() -> browser.findButton("Pause").isEmpty());
    }

    @Test
    void anAdminPausesAndResumesAMailout() {
        api.importCustomers(20, "window", 902);
        // A window that opens hours from now in the customers' zone, so the mailout runs and waits meanwhile.
        LocalTime now = LocalTime.now(ZoneId.of("Europe/Moscow")).truncatedTo(ChronoUnit.MINUTES);
        UUID mailout = scheduledMailout("window", now.plusHours(3), now.plusHours(4));
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        browser.open("/mailouts/" + mailout);

        browser.press("Start");
        live().until(() -> browser.findButton("Pause").isPresent());
        browser.press("Pause");
        live().until(() -> browser.findButton("Resume").isPresent());
        await().atMost(Browser.PATIENCE).until(() -> status(mailout).equals("PAUSED"));
        browser.press("Resume");
        live().until(() -> browser.findButton("Pause").isPresent());
        await().atMost(Browser.PATIENCE).until(() -> status(mailout).equals("RUNNING"));
        // The page's live part may be swapped (every 2 s) as it is read: what it shows is waited for.
        live().alias("a running mailout's controls: cancel, no start")
                .until(() -> browser.findButton("Cancel mailout").isPresent()
                        && browser.findButton("Start").isEmpty());
    }

    @Test
    void aViewerSeesNoEnabledWriteControl() {
        UUID mailout = scheduledMailout("nobody", null, null);
        browser.signIn(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);

        assertThat(browser.heading("Dashboard").isDisplayed()).isTrue();
        assertThat(browser.enabledButtons()).containsOnly("Sign out");
        browser.open("/mailouts/" + mailout);
        assertThat(browser.heading("Mailout").isDisplayed()).isTrue();
        assertThat(browser.writeControls()).as("what would change the mailout").isEmpty();
        assertThat(browser.enabledButtons()).containsOnly("Show as it was", "Show messages", "Sign out");
        assertThat(browser.pageSource()).contains("Your role may read only");
        browser.open("/mailouts");
        assertThat(browser.enabledButtons()).containsOnly("Filter", "Sign out");
        assertThat(browser.findLink("New mailout")).isEmpty();
    }

    @Test
    void forgedPostsAreRefused() throws Exception {
        UUID mailout = scheduledMailout("nobody", null, null);
        String start = base + "/mailouts/" + mailout + "/start";

        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        String adminSession = browser.cookie("JSESSIONID").getValue();
        assertThat(post(start, adminSession, "").statusCode())
                .as("an admin's session without a CSRF token")
                .isEqualTo(403);

        browser.forgetEverything();
        browser.signIn(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);
        String viewerSession = browser.cookie("JSESSIONID").getValue();
        String csrf = browser.csrfToken();
        HttpResponse<String> viewer = post(start, viewerSession, "_csrf=" + csrf);
        assertThat(viewer.statusCode())
                .as("a viewer's session with its CSRF token")
                .isEqualTo(403);
        assertThat(viewer.body()).contains("Your role does not allow this");
        assertThat(post(base + "/sign-out", viewerSession, "_csrf=" + csrf).statusCode())
                .as("the same token is good for what a viewer may do")
                .isEqualTo(302);

        assertThat(status(mailout)).isEqualTo("SCHEDULED");
    }

    @Test
    void theCreateFormShowsTheApisRefusalNextToTheFieldItNames() {
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        browser.open("/mailouts");
        browser.follow("New mailout");
        browser.field("Text").sendKeys("Spring sale");
        browser.field("Tags (comma-separated)").sendKeys("form");
        browser.submit("Create mailout");

        WebElement start = browser.field("Start");
        assertThat(start.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.describedBy(start)).isNotBlank();
        assertThat(browser.field("Text").getDomAttribute("aria-invalid")).isNull();
        assertThat(browser.field("Text").getDomProperty("value")).isEqualTo("Spring sale");
    }

    /**
     * Not a check but the README's pictures, under target/: the sign-in page, the mailouts, an audit trail, and a
     * mailout at 390 px (the dashboard, a mailout's and a message's pages are ConsoleObserveBrowserIT's, the forms
     * ConsoleAuthoringBrowserIT's and ConsoleCustomersBrowserIT's).
     */
    @Test
    void screenshotsOfTheMainPages() throws Exception {
        api.importCustomers(60, "shots", 903);
        UUID done = scheduledMailout("shots", null, null);
        LocalTime now = LocalTime.now(ZoneId.of("Europe/Moscow")).truncatedTo(ChronoUnit.MINUTES);
        UUID waiting = scheduledMailout("shots", now.plusHours(3), now.plusHours(4));
        api.send(HttpMethod.POST, "/api/v1/mailouts/" + done + "/start", "", HttpStatus.OK);
        api.send(HttpMethod.POST, "/api/v1/mailouts/" + waiting + "/start", "", HttpStatus.OK);
        browser.open("/");
        browser.screenshot("console-sign-in");
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        live().until(() -> status(done).equals("COMPLETED"));
        browser.open("/mailouts");
        browser.screenshot("console-mailouts");
        browser.open("/audit?kind=mailouts&id=" + waiting);
        browser.screenshot("console-audit");
        browser.resize(390, 844);
        browser.open("/mailouts/" + waiting);
        browser.screenshot("console-mailout-390");
    }

    /** A mailout to the customers tagged {@code tag} due in an hour, with a delivery window if one is given. */
    private UUID scheduledMailout(String tag, LocalTime windowFrom, LocalTime windowTo) {
        Instant startAt = Instant.now().plus(Duration.ofHours(1));
        String body = String.format(
                "{\"text\":\"Hello, %s\",\"startAt\":\"%s\",\"endAt\":\"%s\",\"filter\":{\"tags\":[\"%s\"]}%s}",
                tag,
                startAt,
                startAt.plus(Duration.ofHours(6)),
                tag,
                windowFrom == null
                        ? ""
                        : String.format(",\"deliveryWindow\":{\"from\":\"%s\",\"to\":\"%s\"}", windowFrom, windowTo));
        UUID id = UUID.fromString(
                JsonPath.read(api.send(HttpMethod.POST, "/api/v1/mailouts", body, HttpStatus.CREATED), "$.id"));
        api.await("/api/v1/mailouts/" + id, found -> true);
        return id;
    }

    private String status(UUID mailout) {
        return api.get("/api/v1/mailouts/" + mailout).read("$.status");
    }

    private static HttpResponse<String> post(String url, String session, String form) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Cookie", "JSESSIONID=" + session)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
