package io.mailing.standalone;

import static io.mailing.standalone.Browser.live;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailing.testsupport.TestUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The console's opt-out lists in a real headless Chromium against the standalone platform: an admin puts an address
 * on a list (after the API's refusal of a bad one is shown next to its field), finds it in the list and by the start
 * of its address, reads its audit trail, imports a list with a bad line (named by its line), and removes an address
 * after a confirmation page; a viewer reads the lists and can change nothing; and a mailout's message to an opted-out
 * address ends SUPPRESSED, counted on the mailout's page and told with its reason on the message's. Skipped, and says
 * so, without Chromium.
 */
@RunningPlatform
class ConsoleOptOutsBrowserIT {

    @RegisterExtension
    static final Browser browser = Browser.ofConsole(1280, 900);

    private final PlatformApi api;
    private final JdbcTemplate jdbc;

    ConsoleOptOutsBrowserIT(TestRestTemplate http, JdbcTemplate jdbc) {
        this.api = new PlatformApi(http);
        this.jdbc = jdbc;
    }

    @Test
    void anAdminOptsOutFindsImportsAndRemovesAddresses() throws Exception {
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        browser.follow("Opt-outs");
        assertThat(browser.heading("Opt-outs").isDisplayed()).isTrue();

        new Select(browser.field("Channel to opt out of")).selectByValue("SMS");
        browser.field("Address to opt out").sendKeys("12");
        browser.submit("Opt out");
        WebElement address = browser.field("Address to opt out");
        assertThat(address.getDomAttribute("aria-invalid"))
                .as("the API's refusal")
                .isEqualTo("true");
        assertThat(browser.describedBy(address)).contains("must be 11 to 15 digits");
        address.clear();
        address.sendKeys("+7 950 000-00-01");
        browser.submit("Opt out");
        assertThat(browser.pageSource()).contains("79500000001 is on the SMS opt-out list now");
        live().until(() -> {
            browser.open("/opt-outs");
            return browser.findLink("Remove 79500000001 from the SMS list").isPresent();
        });

        browser.field("Address to opt out").sendKeys("79500000001");
        browser.submit("Opt out");
        assertThat(browser.pageSource()).contains("79500000001 was on the SMS opt-out list already.");
        new Select(browser.field("Channel to opt out of")).selectByValue("EMAIL");
        browser.field("Address to opt out").sendKeys("Eve.Opt@Example.com");
        browser.submit("Opt out");
        assertThat(browser.pageSource()).contains("eve.opt@example.com is on the E-mail opt-out list now");

        live().until(() -> {
            browser.open("/opt-outs");
            new Select(browser.field("Channel")).selectByValue("SMS");
            browser.field("Address starts with").sendKeys("+7 (950)");
            browser.submit("Search");
            return browser.pageSource().contains("1 address, in address order");
        });
        assertThat(browser.findLink("Remove eve.opt@example.com from the E-mail list"))
                .isEmpty();
        browser.open("/opt-outs?address=eve");
        WebElement search = browser.field("Address starts with");
        assertThat(search.getDomAttribute("aria-invalid"))
                .as("the API's refusal")
                .isEqualTo("true");
        assertThat(browser.describedBy(search)).contains("goes with a channel");

        browser.open("/opt-outs?channel=SMS");
        browser.follow("Audit trail of 79500000001");
        assertThat(browser.heading("Audit trail").isDisplayed()).isTrue();
        assertThat(browser.pageSource())
                .containsPattern("<td>AddressOptedOut</td>\\s*<td>" + TestUsers.ADMIN + "</td>");

        browser.open("/opt-outs");
        browser.follow("Import a list");
        assertThat(browser.heading("Import opt-outs").isDisplayed()).isTrue();
        new Select(browser.field("Channel")).selectByValue("SMS");
        browser.field("Addresses, one a line").sendKeys("+7 950 000-00-02\n79500000003\n\nnot-a-phone\n79500000001\n");
        browser.submit("Import");
        assertThat(browser.pageSource())
                .contains("4 addresses: 2 put on the list, 1 on it already, 1 refused.")
                .containsPattern("<td>4</td>\\s*<td class=\"address\">not-a-phone</td>\\s*<td>must be 11 to 15 digits");
        browser.screenshot("console-opt-outs-import");

        live().until(() -> {
            browser.open("/opt-outs");
            return browser.findLink("Remove 79500000002 from the SMS list").isPresent()
                    && browser.findLink("Remove 79500000003 from the SMS list").isPresent();
        });
        assertThat(browser.pageSource()).contains("an import").contains("an operator");
        browser.screenshot("console-opt-outs");
        browser.resize(390, 1700);
        browser.screenshot("console-opt-outs-390");
        browser.resize(1280, 900);

        browser.follow("Remove 79500000002 from the SMS list");
        assertThat(browser.heading("Remove from the opt-out list").isDisplayed())
                .isTrue();
        browser.submit("Remove from the list");
        assertThat(browser.pageSource()).contains("79500000002 is off the SMS opt-out list");
        live().until(() -> api.get("/api/v1/opt-outs?channel=SMS&address=7950")
                .read("$.items[*].address", List.class)
                .equals(List.of("79500000001", "79500000003")));
    }

    @Test
    void anAdminImportsAListFromATextFile(@TempDir Path folder) throws Exception {
        Path list = folder.resolve("opt-outs.txt");
        Files.writeString(list, "\uFEFFann.file@example.com\r\nnot an address\r\nBob.File@Example.com\r\n");
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        browser.open("/opt-outs/import");
        new Select(browser.field("Channel")).selectByValue("EMAIL");
        browser.field("Or a text file").sendKeys(list.toAbsolutePath().toString());
        browser.submit("Import");

        assertThat(browser.pageSource())
                .contains("Imported into the E-mail opt-out list")
                .contains("3 addresses: 2 put on the list, 0 on it already, 1 refused.")
                .containsPattern("<td>2</td>\\s*<td class=\"address\">not an address</td>");
        api.await(
                "/api/v1/opt-outs?channel=EMAIL&address=bob.file", found -> found.read("$.total", Integer.class) == 1);
    }

    @Test
    void aViewerReadsTheListsButCannotChangeThem() {
        api.send(
                HttpMethod.POST,
                "/api/v1/opt-outs",
                "{\"channel\":\"SMS\",\"address\":\"79510000001\"}",
                HttpStatus.CREATED);
        api.await("/api/v1/opt-outs/SMS/79510000001", found -> true);
        browser.signIn(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);

        browser.follow("Opt-outs");
        assertThat(browser.heading("Opt-outs").isDisplayed()).isTrue();
        assertThat(browser.pageSource()).contains("79510000001");
        assertThat(browser.link("Audit trail of 79510000001").isDisplayed()).isTrue();
        assertThat(browser.enabledButtons()).containsOnly("Search", "Sign out");
        assertThat(browser.writeControls()).isEmpty();
        assertThat(browser.findLink("Remove 79510000001 from the SMS list")).isEmpty();
        assertThat(browser.findLink("Import a list")).isEmpty();
        assertThat(browser.pageSource()).doesNotContain("Address to opt out");
        for (String adminOnly : List.of("/opt-outs/import", "/opt-outs/remove?channel=SMS&address=79510000001")) {
            browser.open(adminOnly);
            assertThat(browser.pageSource()).as(adminOnly).contains("Your role does not allow this");
            assertThat(browser.enabledButtons()).as(adminOnly).containsOnly("Sign out");
        }
    }

    @Test
    void aMessageToAnOptedOutAddressEndsSuppressedAndSaysWhy() throws Exception {
        api.importCustomers(3, "opted", 952);
        api.send(
                HttpMethod.POST,
                "/api/v1/opt-outs",
                "{\"channel\":\"SMS\",\"address\":\"+7 952 000-00-01\"}",
                HttpStatus.CREATED);
        // Delivery reads the sending service's own copy of the list: the mailout starts once that copy has it.
        await().atMost(Browser.PATIENCE)
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM sending.opt_out WHERE address = '79520000001'", Integer.class)
                        == 1);
        UUID mailout = api.createMailoutStartingNow("opted");
        api.await("/api/v1/stats/mailouts/" + mailout, stats -> {
            Map<String, Integer> byStatus = stats.read("$.messages.byStatus");
            return byStatus.getOrDefault("SENT", 0) == 2 && byStatus.getOrDefault("SUPPRESSED", 0) == 1;
        });

        browser.signIn(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);
        browser.open("/mailouts/" + mailout);
        assertThat(browser.pageSource()).containsPattern("<th scope=\"col\">SUPPRESSED</th>");
        new Select(browser.field("Message status")).selectByValue("SUPPRESSED");
        browser.submit("Show messages");
        assertThat(browser.pageSource())
                .contains("1 SUPPRESSED messages")
                .contains("the address is on the SMS opt-out list since");
        browser.follow("79520000001");
        assertThat(browser.heading("What happened").isDisplayed()).isTrue();
        assertThat(browser.pageSource())
                .contains("<strong>SUPPRESSED</strong>")
                .containsPattern("<th scope=\"row\">Suppressed</th>\\s*<td>not sent: the address is on the SMS"
                        + " opt-out list since [^<]*, by an operator</td>");
        browser.screenshot("console-message-suppressed");
    }
}
