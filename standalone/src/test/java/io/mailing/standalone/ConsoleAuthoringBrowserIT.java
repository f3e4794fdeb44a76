package io.mailing.standalone;

import static io.mailing.standalone.Browser.live;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.simulator.Behaviour;
import io.mailing.simulator.FailureKind;
import io.mailing.simulator.ProviderSimulator;
import io.mailing.testsupport.TestUsers;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Writing mailouts in the console, in a real headless Chromium: the form's live SMS counter and audience preview, a
 * mailout created and then edited through it (each page after a save already showing the change), and a finished
 * mailout sent again to the ones that failed. Messages get two attempts, so a provider that fails every call fails
 * them for good quickly. Skipped, and says so, without Chromium.
 */
@RunningPlatform
@TestPropertySource(properties = "mailing.delivery.retry.max-attempts=2")
class ConsoleAuthoringBrowserIT {

    @RegisterExtension
    static final Browser browser = Browser.ofConsole(1280, 1100);

    private final PlatformApi api;
    private final ProviderSimulator simulator;

    ConsoleAuthoringBrowserIT(TestRestTemplate http, ProviderSimulator simulator) {
        this.api = new PlatformApi(http);
        this.simulator = simulator;
    }

    @AfterEach
    void healthyProvider() {
        simulator.behave(Behaviour.healthy());
    }

    @Test
    void anAdminWritesAMailoutWithALivePreviewAndCounterThenEditsIt() throws Exception {
        api.importCustomers(7, "authoring", 911);
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        browser.open("/mailouts");
        browser.link("New mailout").click();

        browser.field("Text").sendKeys("Sale -30% today");
        live().until(() -> counter().startsWith("15 characters · GSM-7 · 1 SMS segment"));
        browser.field("Text").sendKeys(" €");
        live().until(() -> counter().startsWith("17 characters · GSM-7 · 1 SMS segment (160 septets each; 18 in all)"));
        browser.field("Text").sendKeys(" ж");
        live().until(() -> counter().startsWith("19 characters · UCS-2 · 1 SMS segment (70 UTF-16 units each"));

        assertThat(browser.pageSource()).contains("Give an operator code or a tag to see who matches.");
        browser.field("Tags (comma-separated)").sendKeys("authoring");
        live().until(() -> browser.pageSource().contains("7 customers match now"));
        browser.field("Operator codes (comma-separated)").sendKeys("903");
        live().until(() -> browser.pageSource().contains("0 customers match now"));
        browser.field("Operator codes (comma-separated)").clear();
        browser.field("Operator codes (comma-separated)").sendKeys("916");
        live().until(() -> browser.pageSource().contains("7 customers match now"));
        assertThat(browser.pageSource()).contains("A sample of 7");

        LocalDateTime start =
                LocalDateTime.now(ZoneId.of("Europe/Moscow")).plusDays(1).truncatedTo(ChronoUnit.MINUTES);
        new Select(browser.field("Time zone of start and end")).selectByValue("Europe/Moscow");
        browser.fill("Start", start.toString());
        browser.fill("End", start.plusHours(4).toString());
        browser.fill("From", "09:00");
        browser.fill("To", "21:00");
        browser.resize(1280, 1500);
        browser.screenshot("console-new-mailout");
        browser.resize(390, 1500);
        browser.screenshot("console-new-mailout-390");
        browser.resize(1280, 1100);
        browser.submit("Create mailout");

        assertThat(browser.heading("Mailout").isDisplayed()).isTrue();
        assertThat(browser.pageSource())
                .as("the page after the save shows the mailout at once")
                .contains("Sale -30% today € ж", "SCHEDULED", "09:00–21:00 local time");
        UUID mailout = UUID.fromString(browser.path().substring("/mailouts/".length()));

        browser.link("Edit mailout").click();
        assertThat(browser.heading("Edit mailout").isDisplayed()).isTrue();
        assertThat(browser.field("Text").getDomProperty("value")).isEqualTo("Sale -30% today € ж");
        assertThat(browser.field("Start").getDomProperty("value"))
                .as("shown in the console's zone")
                .isNotBlank();
        live().until(() -> browser.pageSource().contains("7 customers match now"));
        browser.field("Text").clear();
        browser.field("Text").sendKeys("Sale -40% today");
        browser.submit("Save changes");

        assertThat(browser.heading("Mailout").isDisplayed()).isTrue();
        assertThat(browser.path()).isEqualTo("/mailouts/" + mailout);
        assertThat(browser.pageSource())
                .as("the page after the edit is not stale")
                .contains("Sale -40% today");
        assertThat(api.get("/api/v1/mailouts/" + mailout).read("$.text", String.class))
                .isEqualTo("Sale -40% today");
    }

    @Test
    void anAdminSendsAFinishedMailoutAgainToTheOnesThatFailed() throws Exception {
        simulator.behave(Behaviour.healthy().withFailureRate(1.0).withFailureKinds(FailureKind.SERVER_ERROR));
        api.importCustomers(5, "failing", 912);
        UUID original = api.createMailoutStartingNow("failing");
        api.await(
                "/api/v1/mailouts/" + original,
                found -> found.read("$.status").equals("COMPLETED")
                        && found.read("$.messages.byStatus.FAILED", Integer.class) == 5);
        simulator.behave(Behaviour.healthy());

        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        browser.open("/mailouts/" + original);
        assertThat(browser.pageSource()).contains("5 of its messages ended FAILED or EXPIRED.");
        browser.show(browser.button("Send again to the ones that failed"));
        browser.screenshot("console-send-again");
        browser.press("Send again to the ones that failed");
        browser.confirm();

        live().until(() -> !browser.path().equals("/mailouts/" + original));
        UUID followUp = UUID.fromString(browser.path().substring("/mailouts/".length()));
        assertThat(browser.heading("Mailout").isDisplayed()).isTrue();
        assertThat(browser.link("the original mailout").isDisplayed()).isTrue();
        api.await(
                "/api/v1/mailouts/" + followUp,
                found -> found.read("$.status").equals("COMPLETED")
                        && found.read("$.messages.byStatus.SENT", Integer.class) == 5);

        browser.link("the original mailout").click();
        assertThat(browser.link("the follow-up mailout").isDisplayed()).isTrue();
        assertThat(browser.findButton("Send again to the ones that failed"))
                .as("sent again once")
                .isEmpty();
    }

    /** The text field's counter: what describes the field. */
    private String counter() {
        return browser.describedBy(browser.field("Text"));
    }
}
