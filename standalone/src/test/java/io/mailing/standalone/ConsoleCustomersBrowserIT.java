package io.mailing.standalone;

import static io.mailing.standalone.Browser.live;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.mailing.testsupport.TestUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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
 * The console's customer pages and dead letters in a real headless Chromium against the standalone platform: a CSV
 * import with a bad row whose progress reaches 100 % and whose error names the row, the imported customers found by
 * their phone, a file over the limit refused with a message, a customer registered, changed and removed through the forms, a customer registered by e-mail alone (a
 * duplicate address refused at its field, found by the start of the address, counted apart by the mailout form's
 * audience preview), a viewer who can change nothing, and an admin who sees a parked event, evicts one and retries the rest. Skipped, and says so, without Chromium.
 */
@RunningPlatform
@QuickDeadLetters
class ConsoleCustomersBrowserIT {

    private static final String LETTERS = "/api/v1/admin/dead-letters";

    @RegisterExtension
    static final Browser browser = Browser.ofConsole(1280, 900);

    private final PlatformApi api;
    private final JdbcTemplate jdbc;

    ConsoleCustomersBrowserIT(TestRestTemplate http, JdbcTemplate jdbc) {
        this.api = new PlatformApi(http);
        this.jdbc = jdbc;
    }

    @Test
    void importsACsvShowingTheBadRowAndFindsTheGoodOnesByPhone(@TempDir Path folder) throws Exception {
        Path csv = folder.resolve("customers.csv");
        Files.writeString(csv, """
                phone,operatorCode,tags,timeZone
                +7 937 000-00-01,937,csv;vip,Europe/Moscow
                +7 937 000-00-02,,csv,Europe/Moscow
                not-a-phone,937,csv,Europe/Moscow
                "+7 937 000-00-03",937,csv,UTC
                """);
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        browser.open("/customers");
        browser.link("Import CSV").click();
        browser.field("CSV file").sendKeys(csv.toAbsolutePath().toString());
        browser.press("Import");

        live().until(() -> {
            WebElement progress = browser.progressbar("Import progress");
            return progress.getDomProperty("value").equals("4")
                    && progress.getDomProperty("max").equals("4");
        });
        live().until(() -> browser.pageSource().contains("100 % — 4 of 4 rows: 3 imported, 1 refused"));
        assertThat(browser.pageSource()).containsPattern("<td>4</td>\\s*<td>phone</td>\\s*<td>must be");
        browser.screenshot("console-import");

        live().until(() -> {
            browser.open("/customers");
            browser.field("Phone starts with").sendKeys("+7 (937)");
            browser.press("Search");
            return browser.pageSource().contains("3 customers");
        });
        assertThat(browser.link("79370000001").isDisplayed()).isTrue();
        assertThat(browser.link("79370000003").isDisplayed()).isTrue();
        browser.screenshot("console-customers");
        browser.resize(390, 844);
        browser.screenshot("console-customers-390");
    }

    @Test
    void aFileOverTheLimitIsRefusedWithAMessage(@TempDir Path folder) throws Exception {
        Path csv = folder.resolve("large.csv");
        Files.writeString(csv, "phone,operatorCode,tags,timeZone\n" + "79990000000,999,,UTC\n".repeat(450_000));
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        browser.open("/customers/import");
        browser.field("CSV file").sendKeys(csv.toAbsolutePath().toString());
        browser.press("Import");

        live().until(() -> browser.pageSource().contains("larger than 8 MB"));
        WebElement file = browser.field("CSV file");
        assertThat(file.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.describedBy(file)).contains("The file is larger than 8 MB");
        assertThat(api.get("/api/v1/customers?phone=7999").read("$.total", Integer.class))
                .isZero();
    }

    @Test
    void anAdminRegistersChangesAndRemovesACustomer() throws Exception {
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        browser.open("/customers");
        browser.link("New customer").click();
        browser.field("Phone").sendKeys("12");
        browser.field("Time zone").clear();
        browser.field("Time zone").sendKeys("Europe/Moscow");
        browser.field("Tags (comma-separated)").sendKeys("form, new");
        browser.press("Register customer");

        live().until(() -> "true".equals(browser.field("Phone").getDomAttribute("aria-invalid")));
        WebElement phone = browser.field("Phone");
        assertThat(browser.describedBy(phone)).contains("digits");
        assertThat(browser.field("Tags (comma-separated)").getDomProperty("value"))
                .isEqualTo("form, new");
        browser.screenshot("console-customer-form");
        phone.clear();
        phone.sendKeys("+7 938 000 00 01");
        browser.press("Register customer");

        assertThat(browser.heading("Customer 79380000001").isDisplayed()).isTrue();
        assertThat(browser.pageSource()).contains("form, new").contains("938");
        api.await("/api/v1/customers?phone=7938", found -> found.read("$.total", Integer.class) == 1);
        browser.link("Edit").click();
        browser.field("Tags (comma-separated)").clear();
        browser.field("Tags (comma-separated)").sendKeys("changed");
        browser.press("Save customer");
        assertThat(browser.heading("Customer 79380000001").isDisplayed()).isTrue();
        assertThat(browser.pageSource()).contains("changed").contains("Customer changed.");
        assertThat(browser.link("Audit trail").isDisplayed()).isTrue();
        browser.screenshot("console-customer");

        live().until(() -> {
            browser.open(browser.path());
            return browser.findLink("Remove").isPresent()
                    && browser.pageSource().contains("changed");
        });
        browser.link("Remove").click();
        assertThat(browser.heading("Remove customer").isDisplayed()).isTrue();
        browser.press("Remove for good");
        live().until(() -> browser.pageSource().contains("Customer 79380000001 removed."));
        live().until(() -> api.get("/api/v1/customers?phone=7938").read("$.total", Integer.class) == 0);
    }

    @Test
    void anAdminRegistersACustomerByEmailAloneWhomAMailoutCannotReach() throws Exception {
        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        browser.open("/customers/new");
        browser.field("E-mail address").sendKeys("Eve.Mail@Example.com");
        browser.field("Time zone").clear();
        browser.field("Time zone").sendKeys("Europe/London");
        browser.field("Tags (comma-separated)").sendKeys("mail-only");
        browser.press("Register customer");

        assertThat(browser.heading("Customer eve.mail@example.com").isDisplayed())
                .isTrue();
        assertThat(browser.pageSource()).contains("E-mail address").contains("eve.mail@example.com");
        api.await("/api/v1/customers?email=eve.mail", found -> found.read("$.total", Integer.class) == 1);

        browser.open("/customers/new");
        browser.field("E-mail address").sendKeys("EVE.MAIL@example.com");
        browser.field("Time zone").clear();
        browser.field("Time zone").sendKeys("UTC");
        browser.press("Register customer");
        live().until(() -> "true".equals(browser.field("E-mail address").getDomAttribute("aria-invalid")));
        assertThat(browser.describedBy(browser.field("E-mail address"))).contains("already belongs to customer");

        browser.open("/customers");
        browser.field("E-mail starts with").sendKeys("Eve.");
        browser.press("Search");
        live().until(() -> browser.pageSource().contains("1 customer<"));
        assertThat(browser.link("eve.mail@example.com").isDisplayed()).isTrue();
        browser.screenshot("console-customers-email");

        browser.open("/mailouts/new");
        browser.field("Tags (comma-separated)").sendKeys("mail-only");
        live().until(() -> browser.pageSource().contains("0 customers match now"));
        live().until(() ->
                browser.pageSource().contains("1 more matches but has no phone: this mailout does not reach them."));
        new Select(browser.field("Channel")).selectByValue("EMAIL");
        live().until(() -> browser.pageSource().contains("1 customer matches now"));
        browser.field("Subject (e-mail only)").sendKeys("News by e-mail");
        browser.field("Text").sendKeys("Plain news");
        browser.field("HTML body (e-mail only, optional)").sendKeys("<p>News</p>");
        LocalDateTime start = LocalDateTime.now(ZoneId.of("UTC")).plusDays(1).truncatedTo(ChronoUnit.MINUTES);
        new Select(browser.field("Time zone of start and end")).selectByValue("UTC");
        browser.fill("Start", start.toString());
        browser.fill("End", start.plusHours(4).toString());
        browser.submit("Create mailout");

        assertThat(browser.heading("Mailout").isDisplayed()).isTrue();
        assertThat(browser.pageSource()).contains("E-mail", "News by e-mail", "SCHEDULED");
        browser.screenshot("console-mailout-email");
    }

    @Test
    void aViewerSeesNoWriteControlOnCustomersAndNoDeadLetters() {
        String id = JsonPath.read(
                api.send(
                        HttpMethod.POST,
                        "/api/v1/customers",
                        "{\"phone\":\"79390000001\",\"tags\":[\"seen\"],\"timeZone\":\"UTC\"}",
                        HttpStatus.CREATED),
                "$.id");
        api.await("/api/v1/customers/" + id, found -> true);
        browser.signIn(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);

        browser.open("/customers");
        assertThat(browser.heading("Customers").isDisplayed()).isTrue();
        assertThat(browser.enabledButtons()).containsOnly("Search", "Sign out");
        assertThat(browser.findLink("New customer")).isEmpty();
        assertThat(browser.findLink("Import CSV")).isEmpty();
        assertThat(browser.findLink("Dead letters")).isEmpty();
        browser.open("/customers?phone=79x");
        WebElement phone = browser.field("Phone starts with");
        assertThat(phone.getDomAttribute("aria-invalid"))
                .as("the API's refusal")
                .isEqualTo("true");
        assertThat(browser.describedBy(phone)).contains("digits");
        browser.open("/customers/" + id);
        assertThat(browser.heading("Customer 79390000001").isDisplayed()).isTrue();
        assertThat(browser.enabledButtons()).containsOnly("Sign out");
        assertThat(browser.findLink("Edit")).isEmpty();
        assertThat(browser.findLink("Remove")).isEmpty();
        assertThat(browser.pageSource()).contains("Your role may read only");
        for (String adminOnly : List.of("/customers/import", "/customers/new", "/dead-letters")) {
            browser.open(adminOnly);
            assertThat(browser.pageSource()).as(adminOnly).contains("Your role does not allow this");
            assertThat(browser.enabledButtons()).as(adminOnly).containsOnly("Sign out");
        }
    }

    @Test
    void anAdminEvictsOneParkedEventAndRetriesTheOther() throws Exception {
        refuseInserts("79400000001", "79400000002");
        register("79400000001");
        register("79400000002");
        live().until(() -> parked().size() == 2);

        browser.signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        browser.link("Dead letters").click();
        assertThat(browser.heading("Dead letters").isDisplayed()).isTrue();
        assertThat(browser.pageSource()).contains("CustomerRegistered").contains("phone refused by the test");
        browser.screenshot("console-dead-letters");

        Map<String, Object> first = parked().get(0);
        browser.link("Evict CustomerRegistered " + first.get("eventId")).click();
        assertThat(browser.heading("Evict a dead letter").isDisplayed()).isTrue();
        browser.press("Evict for good");
        live().until(() ->
                browser.pageSource().contains("Evicted the CustomerRegistered event parked by query-customers."));
        assertThat(parked()).hasSize(1);

        jdbc.execute("DROP TRIGGER refuse_phone ON query.customer");
        browser.press("Retry all of query-customers");
        live().until(() -> browser.pageSource().contains("Retried: 1 handled, 0 still parked."));
        assertThat(browser.pageSource()).contains("No parked events");
        assertThat(api.get("/api/v1/customers?phone=794").read("$.total", Integer.class))
                .isEqualTo(1);
    }

    /** Makes the customer directory refuse these phones (a database error), until trigger refuse_phone is dropped. */
    private void refuseInserts(String... phones) {
        jdbc.execute("CREATE FUNCTION query.refuse_phone() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN IF NEW.phone IN ('" + String.join("','", phones) + "') THEN"
                + " RAISE EXCEPTION 'phone refused by the test'; END IF; RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER refuse_phone BEFORE INSERT ON query.customer FOR EACH ROW EXECUTE FUNCTION"
                + " query.refuse_phone()");
    }

    private void register(String phone) {
        api.send(
                HttpMethod.POST,
                "/api/v1/customers",
                "{\"phone\":\"" + phone + "\",\"tags\":[\"parked\"],\"timeZone\":\"UTC\"}",
                HttpStatus.CREATED);
    }

    private List<Map<String, Object>> parked() {
        return api.get(LETTERS + "?processor=query-customers").read("$.items");
    }

    /**
     * Waiting for the page (or the platform) to change by itself: what was found a moment ago may be replaced, or
     * briefly absent, meanwhile.
     */
}
