package io.mailing.standalone;

import static io.mailing.standalone.Browser.live;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import io.mailing.testsupport.TestUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

/**
 * Watching deliveries in the console, in a real headless Chromium against the standalone platform: the dashboard's
 * running mailout with its rate and expected end and the chart of messages finished per minute (an SVG with its
 * accessible name, and its figures as a table), and a finished mailout's page: counts, failure reasons, its messages
 * filtered by status, a message's story, the audit trail a page at a time and the mailout as it was before it
 * started. Delivery is held to 40 messages a second so that a running mailout is seen running, and a third of the
 * provider's answers are server errors so that messages have failed attempts to tell. Skipped, and says so, without
 * Chromium.
 */
@RunningPlatform
@TestPropertySource(properties = "mailing.delivery.rate-limit=40")
class ConsoleObserveBrowserIT {

    private static final String CHART = "Messages finished per minute";

    @RegisterExtension
    static final Browser browser = Browser.ofConsole(1280, 900);

    private final String provider;
    private final PlatformApi api;

    ConsoleObserveBrowserIT(@Value("${mailing.delivery.provider.base-url}") String provider, TestRestTemplate http) {
        this.provider = provider;
        this.api = new PlatformApi(http);
    }

    @Test
    void theDashboardShowsARunningMailoutsRateAndExpectedEndAndTheChart() throws Exception {
        api.importCustomers(600, "watched", 911);
        UUID mailout = scheduledMailout("watched");
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        api.send(HttpMethod.POST, "/api/v1/mailouts/" + mailout + "/start", "", HttpStatus.OK);

        browser.open("/");
        live().until(() -> browser.pageSource().contains("messages/s"));
        assertThat(browser.link("Hello, watched").isDisplayed()).isTrue();
        assertThat(browser.pageSource()).containsPattern("Expected end: <span>(\\d+ s|about \\d+ min)");
        WebElement chart = browser.image(CHART);
        assertThat(chart.getTagName()).isEqualTo("svg");
        assertThat(chart.getDomAttribute("aria-describedby")).isNotBlank();
        live().until(() -> finishedInTheChart() >= 150);

        browser.resize(1280, 1400);
        browser.screenshot("console-dashboard");
        browser.resize(390, 1400);
        browser.screenshot("console-dashboard-390");
        browser.resize(1280, 900);
        browser.summary(CHART + ": the figures as a table").click();
        live().until(() -> browser.pageSource().contains(CHART + " (steps without any left out)"));
        WebElement shown = browser.image(CHART);
        live().alias("the figures refreshed").until(() -> browser.replaced(shown));
        live().alias("the table stays open while the figures refresh")
                .until(() -> "true"
                        .equals(browser.summary(CHART + ": the figures as a table")
                                .findElement(By.xpath(".."))
                                .getDomProperty("open")));
        assertThat(browser.image(CHART).isDisplayed()).isTrue();
    }

    @Test
    void aFinishedMailoutsPageTellsItsWholeStory() throws Exception {
        api.importCustomers(45, "story", 912);
        UUID mailout = scheduledMailout("story");
        Instant created = Instant.now();
        await().until(() -> Instant.now().isAfter(created.plusMillis(1_500)));
        Instant beforeStart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        failSomeCalls(0.3);
        try {
            api.send(HttpMethod.POST, "/api/v1/mailouts/" + mailout + "/start", "", HttpStatus.OK);
            await().atMost(Browser.PATIENCE).until(() -> status(mailout).equals("COMPLETED"));
        } finally {
            failSomeCalls(0);
        }
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        browser.open("/mailouts/" + mailout);

        WebElement progress = browser.progressbar("Delivery progress");
        assertThat(progress.getDomProperty("value")).isEqualTo("45");
        assertThat(browser.pageSource()).contains("Messages by status").contains("SERVER_ERROR");
        assertThat(browser.heading("Failure reasons").isDisplayed()).isTrue();
        assertThat(browser.image(CHART).isDisplayed()).isTrue();
        assertThat(browser.describedBy(browser.image(CHART))).contains("messages finished from");
        browser.resize(1280, 2600);
        browser.screenshot("console-mailout");
        browser.resize(390, 2600);
        browser.screenshot("console-mailout-observe-390");
        browser.resize(1280, 900);

        new Select(browser.field("Message status")).selectByValue("SENT");
        browser.press("Show messages");
        live().until(() -> browser.pageSource().contains(" SENT messages, in the order they were queued"));
        assertThat(browser.pageSource()).doesNotContain("<td>FAILED</td>");
        browser.link("Next").click();
        live().until(() -> browser.pageSource().contains("page 2 of "));

        browser.open("/mailouts/" + mailout);
        assertThat(browser.link("Later events").isDisplayed()).isTrue();
        browser.link("Later events").click();
        live().until(() -> browser.path().contains("after="));
        assertThat(browser.link("First events").isDisplayed()).isTrue();

        DocumentContext trail = api.get("/api/v1/audit/mailouts/" + mailout + "?size=1000");
        assertThat(trail.<List<String>>read("$.items[*].mailoutId")).containsOnly(mailout.toString());
        List<String> retried = trail.read("$.items[?(@.type == 'MessageAttemptFailed')].messageId");
        assertThat(api.get("/api/v1/messages/" + retried.get(0)).<String>read("$.mailoutId"))
                .isEqualTo(mailout.toString());
        browser.open("/messages/" + retried.get(0));
        assertThat(browser.heading("Message").isDisplayed()).isTrue();
        assertThat(browser.heading("What happened").isDisplayed()).isTrue();
        assertThat(browser.pageSource())
                .contains("Queued")
                .contains("Attempt 1 failed")
                .contains("SERVER_ERROR");
        browser.resize(1280, 1200);
        browser.screenshot("console-message");
        browser.resize(1280, 900);
        browser.follow("Its mailout");
        assertThat(browser.path()).isEqualTo("/mailouts/" + mailout);
        assertThat(browser.heading("Audit trail").isDisplayed()).isTrue();

        browser.fill("As of", local(beforeStart));
        browser.submit("Show as it was");
        assertThat(browser.path()).startsWith("/mailouts/" + mailout + "?asOf=");
        assertThat(browser.pageSource()).contains("the mailout as it was");
        assertThat(browser.pageSource()).contains("<strong>SCHEDULED</strong>");
        assertThat(browser.findButton("Start")).isEmpty();
        assertThat(browser.findButton("Cancel mailout")).isEmpty();
        assertThat(browser.link("Back to now").isDisplayed()).isTrue();
    }

    /** How many messages the dashboard's chart says finished, by its description. */
    private static long finishedInTheChart() {
        String description = browser.describedBy(browser.image(CHART));
        return description.matches("\\d+ messages? finished from .*")
                ? Long.parseLong(description.split(" ")[0])
                : 0;
    }

    /** The value of a {@code datetime-local} field for this instant in the console's zone. */
    private static String local(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneId.systemDefault()).toString();
    }

    /** The provider simulator answers this share of calls with a server error (a retried, failed attempt). */
    private void failSomeCalls(double rate) throws Exception {
        HttpResponse<String> changed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(provider + "/simulator/behaviour"))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(
                                        "{\"failureRate\":" + rate + ",\"failureKinds\":[\"SERVER_ERROR\"]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    }

    /** A mailout to the customers tagged {@code tag} due in an hour. */
    private UUID scheduledMailout(String tag) {
        UUID id = UUID.fromString(
                api.createMailout("Hello, " + tag, tag, Instant.now().plus(Duration.ofHours(1)))
                        .read("$.id"));
        api.await("/api/v1/mailouts/" + id, found -> true);
        return id;
    }

    private String status(UUID mailout) {
        return api.get("/api/v1/mailouts/" + mailout).read("$.status");
    }
}
