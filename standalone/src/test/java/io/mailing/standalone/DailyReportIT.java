package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.jayway.jsonpath.DocumentContext;
import io.mailing.report.ReportServiceApplication;
import io.mailing.simulator.Behaviour;
import io.mailing.simulator.FailureKind;
import io.mailing.simulator.ProviderSimulator;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The daily statistics e-mail, end to end: the standalone platform and a second replica of the report service on the
 * same database, both scheduled to send the report 55 s after the test starts, and a real SMTP server (GreenMail)
 * that receives it. The report arrives once, with the query API's figures; a day missed while the platform was down
 * goes out late when it comes back; a mail server that is down delays the report, which then arrives.
 */
@RunningPlatform
// The report's mail server is set per test (below), after the stand-ins decide: the mail sink is turned off outright.
@TestPropertySource(properties = MailSinkEnvironment.ENABLED + "=false")
@AutoConfigureObservability(tracing = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DailyReportIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String RECIPIENT = "operators@example.com";
    private static final String CONSOLE = "https://console.example.com";
    private static final int SMTP_PORT = freePort();
    /** The report's time: far enough ahead for both replicas to start and a mailout to finish first. */
    private static LocalTime at;

    private static GreenMail smtp = smtp();
    private static ConfigurableApplicationContext replica;

    private final TestRestTemplate http;
    private final JdbcTemplate jdbc;
    private final PlatformApi api;
    private final ProviderSimulator simulator;
    private final Environment environment;
    private final SchedulerClient scheduler;
    private final int port;

    DailyReportIT(
            TestRestTemplate http,
            JdbcTemplate jdbc,
            ProviderSimulator simulator,
            Environment environment,
            SchedulerClient scheduler,
            @LocalServerPort int port) {
        this.http = http;
        this.jdbc = jdbc;
        this.simulator = simulator;
        this.environment = environment;
        this.scheduler = scheduler;
        this.port = port;
        this.api = new PlatformApi(http);
    }

    @DynamicPropertySource
    static void report(DynamicPropertyRegistry properties) {
        at = LocalTime.now(ZoneOffset.UTC).plusSeconds(55).truncatedTo(ChronoUnit.SECONDS);
        properties.add("mailing.report.daily.at", () -> at.toString());
        properties.add("mailing.report.daily.zone", () -> "UTC");
        properties.add("mailing.report.daily.to", () -> RECIPIENT);
        properties.add("mailing.report.daily.console-url", () -> CONSOLE);
        properties.add("mailing.report.daily.retry-base", () -> "1s");
        properties.add("mailing.report.daily.retry-max", () -> "2s");
        properties.add("spring.mail.host", () -> "127.0.0.1");
        properties.add("spring.mail.port", () -> SMTP_PORT);
    }

    @AfterAll
    static void stop() {
        if (replica != null) {
            replica.close();
        }
        smtp.stop();
    }

    @Test
    @Order(1)
    void theScheduledReportArrivesOnceWithTwoReplicasAndTheFiguresOfTheQueryApi() throws Exception {
        replica = new SpringApplicationBuilder(ReportServiceApplication.class)
                .web(WebApplicationType.SERVLET)
                .run(arguments(Map.ofEntries(
                        Map.entry("server.port", "0"),
                        // The report service alone, as its own process would be (this class path holds every
                        // service and the standalone run's extras).
                        Map.entry(
                                "spring.autoconfigure.exclude",
                                String.join(
                                        ",",
                                        "io.mailing.command.CommandServiceAutoConfiguration",
                                        "io.mailing.sending.SendingServiceAutoConfiguration",
                                        "io.mailing.query.QueryServiceAutoConfiguration",
                                        "io.mailing.console.ConsoleAutoConfiguration")),
                        Map.entry(EmbeddedPostgresEnvironment.ENABLED, "false"),
                        Map.entry(SimulatorEnvironment.ENABLED, "false"),
                        Map.entry("spring.datasource.url", environment.getProperty("spring.datasource.url")),
                        Map.entry("spring.datasource.username", environment.getProperty("spring.datasource.username")),
                        Map.entry("spring.datasource.password", environment.getProperty("spring.datasource.password")),
                        Map.entry(
                                "mailing.security.jwt-secret", environment.getProperty("mailing.security.jwt-secret")),
                        Map.entry("mailing.report.daily.query-api-url", "http://127.0.0.1:" + port),
                        Map.entry("mailing.report.daily.at", at.toString()),
                        Map.entry("mailing.report.daily.zone", "UTC"),
                        Map.entry("mailing.report.daily.to", RECIPIENT),
                        Map.entry("mailing.report.daily.console-url", CONSOLE),
                        Map.entry("mailing.report.daily.retry-base", "1s"),
                        Map.entry("mailing.report.daily.retry-max", "2s"),
                        Map.entry("spring.mail.host", "127.0.0.1"),
                        Map.entry("spring.mail.port", Integer.toString(SMTP_PORT)))));
        simulator.behave(Behaviour.healthy().withFailureRate(0.3).withFailureKinds(FailureKind.SERVER_ERROR));
        api.importCustomers(30, "daily", 908);
        UUID mailout = api.createMailoutStartingNow("daily");
        api.await(
                "/api/v1/mailouts/" + mailout,
                m -> m.read("$.messages.total", Integer.class) == 30
                        && m.read("$.messages.byStatus.QUEUED", Integer.class) == 0
                        && m.read("$.messages.byStatus.RETRYING", Integer.class) == 0);
        simulator.behave(Behaviour.healthy());
        Instant due = LocalDate.now(ZoneOffset.UTC).atTime(at).toInstant(ZoneOffset.UTC);
        assertThat(Instant.now())
                .as("the platform and the replica started, and the mailout ran, before the report's time")
                .isBefore(due);

        await("the report arrives").atMost(PATIENCE).until(() -> smtp.getReceivedMessages().length >= 1);
        await("no second report arrives")
                .during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(10))
                .until(() -> smtp.getReceivedMessages().length == 1);

        MimeMessage report = smtp.getReceivedMessages()[0];
        String date = due.atZone(ZoneOffset.UTC).toLocalDate().toString();
        assertThat(report.getSubject()).startsWith("Daily report " + date + ":").doesNotContain("late");
        assertThat(report.getAllRecipients()).extracting(Object::toString).containsExactly(RECIPIENT);
        assertThat(report.getContentType()).startsWith("multipart/alternative");
        Multipart parts = (Multipart) report.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();

        DocumentContext figures = api.get("/api/v1/stats/mailouts/" + mailout);
        String counts = String.format(
                "%d SENT, %d FAILED, %d EXPIRED, %d CANCELLED, %d SUPPRESSED, %d PENDING",
                figures.read("$.messages.byStatus.SENT", Integer.class),
                figures.read("$.messages.byStatus.FAILED", Integer.class),
                figures.read("$.messages.byStatus.EXPIRED", Integer.class),
                figures.read("$.messages.byStatus.CANCELLED", Integer.class),
                figures.read("$.messages.byStatus.SUPPRESSED", Integer.class),
                figures.read("$.messages.byStatus.QUEUED", Integer.class)
                        + figures.read("$.messages.byStatus.DEFERRED", Integer.class)
                        + figures.read("$.messages.byStatus.RETRYING", Integer.class));
        assertThat(text)
                .contains("Hello, daily")
                .contains(counts)
                .contains("30 recipients")
                .contains(CONSOLE + "/mailouts/" + mailout);
        assertThat(figures.read("$.messages.byStatus.SENT", Integer.class)).isPositive();
        assertThat(html).contains("Hello, daily").contains("/mailouts/" + mailout);

        List<Map<String, Object>> recorded =
                jdbc.queryForList("SELECT report_date, late FROM report.daily_report ORDER BY report_date");
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).get("late")).isEqualTo(false);
        DocumentContext json = api.get("/api/v1/reports/daily?date=" + date);
        assertThat(json.read("$.mailouts[*].id", List.class)).contains(mailout.toString());
        DocumentContext trail = api.await(
                "/api/v1/audit/reports/" + json.read("$.id", String.class), t -> t.read("$.total", Integer.class) == 1);
        assertThat(trail.read("$.items[0].type", String.class)).isEqualTo("DailyReportSent");
        assertThat(trail.read("$.items[0].payload.trigger", String.class)).isEqualTo("SCHEDULED");
        assertThat(trail.read("$.items[0].payload.recipients", List.class)).containsExactly(RECIPIENT);
    }

    @Test
    @Order(2)
    void aDayMissedWhileThePlatformWasDownGoesOutLateWhenItComesBack() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // As if the platform had sent the report of the day before yesterday, then been down over yesterday's time
        // and today's: the one report on record becomes that day's.
        jdbc.update("UPDATE report.daily_report SET report_date = ?", java.sql.Date.valueOf(today.minusDays(2)));
        int before = smtp.getReceivedMessages().length;

        runNow();

        await("yesterday's and today's reports arrive")
                .atMost(PATIENCE)
                .until(() -> smtp.getReceivedMessages().length == before + 2);
        List<String> subjects = Arrays.stream(smtp.getReceivedMessages())
                .skip(before)
                .map(DailyReportIT::subject)
                .toList();
        assertThat(subjects.get(0))
                .startsWith("Daily report " + today.minusDays(1) + ":")
                .endsWith("(late)");
        assertThat(subjects.get(1)).startsWith("Daily report " + today + ":").doesNotContain("late");
        await("both are on record")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(
                                jdbc.queryForList("SELECT report_date FROM report.daily_report", LocalDate.class))
                        .containsExactlyInAnyOrder(today.minusDays(2), today.minusDays(1), today));
    }

    @Test
    @Order(3)
    void aMailServerThatIsDownDelaysTheReportWithoutLosingIt() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        jdbc.update("DELETE FROM report.daily_report WHERE report_date = ?", java.sql.Date.valueOf(today));
        smtp.stop();

        runNow();

        await("the overdue report shows in the metrics").atMost(PATIENCE).until(() -> overdueSeconds() > 0);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM report.daily_report WHERE report_date = ?",
                        Integer.class,
                        java.sql.Date.valueOf(today)))
                .isZero();

        smtp = smtp();
        await("the report arrives once the mail server is back")
                .atMost(PATIENCE)
                .until(() -> smtp.getReceivedMessages().length == 1);
        assertThat(subject(smtp.getReceivedMessages()[0])).startsWith("Daily report " + today + ":");
        await("nothing is overdue any more").atMost(PATIENCE).until(() -> overdueSeconds() == 0);
    }

    /** Makes the daily task due now, as its time passing (or the platform coming back after it) does. */
    private void runNow() {
        assertThat(scheduler.reschedule(TaskInstanceId.of("daily-report", RecurringTask.INSTANCE), Instant.now()))
                .isTrue();
    }

    /** Command-line arguments: they come before every configuration file the class path holds. */
    private static String[] arguments(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
    }

    private double overdueSeconds() {
        String metrics = http.getForObject("/actuator/prometheus", String.class);
        Matcher value = Pattern.compile("(?m)^mailing_report_daily_overdue_seconds(?:\\{[^}]*})? (\\S+)$")
                .matcher(metrics);
        assertThat(value.find())
                .as("mailing_report_daily_overdue_seconds is exported")
                .isTrue();
        return Double.parseDouble(value.group(1));
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GreenMail smtp() {
        GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
