package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.simulator.Behaviour;
import io.mailing.simulator.FailureKind;
import io.mailing.simulator.ProviderSimulator;
import io.mailing.testsupport.StoredEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard and the alert rules against what the platform really exports: a real Prometheus scrapes the
 * standalone platform every second, with the rules of {@code deploy/prometheus/alerts.yml} loaded, while a mailout
 * runs (with a provider that fails some calls, so that errors have series) and another waits near its end (so
 * that the gauge of messages pending near their mailout's end counts them); then every panel's expression of
 * {@code deploy/grafana/dashboards/mailing.json} returns data, and so does every metric each alert rule reads (an
 * alert's expression as written returns nothing while it does not fire, so it is only required to evaluate). And
 * {@code promtool check metrics} finds no metric without help text in the scrape.
 */
@RunningPlatform
@AutoConfigureObservability(tracing = false)
class PrometheusDashboardIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** Maven runs the tests in the module's directory; the files live in the repository. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Path DASHBOARD = ROOT.resolve("deploy/grafana/dashboards/mailing.json");
    private static final Path ALERTS = ROOT.resolve("deploy/prometheus/alerts.yml");
    private static final int RECIPIENTS = 200;
    private static final int WAITING = 20;
    /** Grafana's interval variables, as Grafana would fill them in for a panel a few minutes wide. */
    private static final Pattern GRAFANA_INTERVAL = Pattern.compile("\\$__(rate_interval|interval|range)\\b");
    /** The metric names of an expression, once strings, label matchers, ranges and label lists are taken out. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])[a-zA-Z_:][\\w:]*+(?!\\s*\\()");

    private static final Pattern NOT_METRIC = Pattern.compile(
            "\"[^\"]*\"|\\{[^}]*}|\\[[^]]*]|\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

    private final TestRestTemplate http;
    private final ProviderSimulator simulator;
    private final StoredEvents events;
    private final PlatformApi api;
    private final int port;

    PrometheusDashboardIT(
            TestRestTemplate http, ProviderSimulator simulator, JdbcTemplate jdbc, @LocalServerPort int port) {
        this.http = http;
        this.simulator = simulator;
        this.events = new StoredEvents(jdbc);
        this.api = new PlatformApi(http);
        this.port = port;
    }

    @AfterEach
    void healthyProvider() {
        simulator.behave(Behaviour.healthy());
    }

    @Test
    void everyPanelAndEveryAlertReadsMetricsThePlatformExports(@TempDir Path directory) throws Exception {
        try (LocalPrometheus prometheus = LocalPrometheus.start(directory, "127.0.0.1:" + port, List.of(ALERTS))) {
            simulator.behave(Behaviour.healthy()
                    .withFailureRate(0.2)
                    .withFailureKinds(FailureKind.SERVER_ERROR, FailureKind.RATE_LIMITED));
            api.importCustomers(RECIPIENTS, "pictures", 907);
            UUID mailout = api.createMailoutStartingNow("pictures");
            await("the mailout completes").atMost(PATIENCE).until(() -> completed(mailout));
            api.get("/api/v1/stats/mailouts/" + mailout);
            await("Prometheus has scraped every message sent")
                    .atMost(PATIENCE)
                    .until(() -> value(prometheus, "sum(mailing_messages_final_total{status=\"SENT\"})") >= RECIPIENTS);
            mailoutEndingSoonWithMessagesWaiting("hurry", WAITING);
            await("Prometheus has scraped the messages waiting near their mailout's end")
                    .atMost(PATIENCE)
                    .until(() -> value(prometheus, "max(mailing_delivery_pending_near_end)") == WAITING);

            Map<String, String> alerts = alertExpressions();
            await("every alert rule is loaded and evaluated without error")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(prometheus.rules())
                            .extracting(rule -> rule.get("name"))
                            .containsExactlyInAnyOrderElementsOf(alerts.keySet()));
            assertThat(prometheus.rules())
                    .allSatisfy(rule -> assertThat(rule.get("health"))
                            .as("rule %s: %s", rule.get("name"), rule.get("lastError"))
                            .isEqualTo("ok"));
            assertThat(LocalPrometheus.checkMetrics(scrape()))
                    .as("promtool check metrics on /actuator/prometheus")
                    .noneMatch(problem -> problem.contains("no help text"));

            await("every panel's expression returns data")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(withoutData(prometheus, panelExpressions()))
                            .as("panel expressions of %s without data", DASHBOARD)
                            .isEmpty());
            alerts.values().forEach(prometheus::query);
            Set<String> metrics = new LinkedHashSet<>();
            alerts.values().forEach(expression -> metrics.addAll(metricNames(expression)));
            assertThat(metrics).as("metrics the alert rules read").contains("mailing_processor_lag");
            assertThat(withoutData(prometheus, List.copyOf(metrics)))
                    .as("metrics read by the alert rules of %s that have no series", ALERTS)
                    .isEmpty();
        }
    }

    private boolean completed(UUID mailout) {
        return !events.all(MailoutCompleted.class, e -> e.mailoutId().equals(mailout))
                .isEmpty();
    }

    /**
     * A mailout to {@code recipients} new customers that ends in 20 minutes and whose delivery window opens in 10:
     * its messages wait, deferred, close to its end.
     */
    private void mailoutEndingSoonWithMessagesWaiting(String tag, int recipients) {
        api.importCustomers(recipients, tag, 908);
        Instant now = Instant.now();
        LocalTime local = LocalTime.now(ZoneId.of("Europe/Moscow")).truncatedTo(ChronoUnit.MINUTES);
        String body = String.format(
                "{\"text\":\"Hurry, %s\",\"startAt\":\"%s\",\"endAt\":\"%s\",\"filter\":{\"tags\":[\"%s\"]},"
                        + "\"deliveryWindow\":{\"from\":\"%s\",\"to\":\"%s\"}}",
                tag, now, now.plus(Duration.ofMinutes(20)), tag, local.plusMinutes(10), local.plusMinutes(15));
        api.send(HttpMethod.POST, "/api/v1/mailouts", body, HttpStatus.CREATED);
    }

    /** The value of an expression that returns one series, as Prometheus has it now; 0 without a series. */
    private static double value(LocalPrometheus prometheus, String expression) {
        List<Map<String, Object>> result = prometheus.query(expression);
        return result.isEmpty()
                ? 0
                : Double.parseDouble(String.valueOf(((List<?>) result.get(0).get("value")).get(1)));
    }

    /** The expressions that return no series now. */
    private static List<String> withoutData(LocalPrometheus prometheus, List<String> expressions) {
        return expressions.stream()
                .filter(expression -> prometheus.query(expression).isEmpty())
                .toList();
    }

    /** Every panel's query in the dashboard (rows' panels included), Grafana's interval variables filled in. */
    private static List<String> panelExpressions() throws Exception {
        List<String> expressions = JsonPath.read(Files.readString(DASHBOARD), "$..targets[*].expr");
        assertThat(expressions).as("panel expressions in %s", DASHBOARD).isNotEmpty();
        List<String> filled = new ArrayList<>();
        for (String expression : expressions) {
            String withIntervals = GRAFANA_INTERVAL.matcher(expression).replaceAll("1m");
            assertThat(withIntervals)
                    .as("%s: a variable the test cannot fill in", expression)
                    .doesNotContain("$");
            filled.add(withIntervals);
        }
        return filled;
    }

    /** Every alert rule of {@code alerts.yml}: its name and expression. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> alertExpressions() throws Exception {
        Map<String, Object> file = new Yaml().load(Files.readString(ALERTS));
        Map<String, String> alerts = new LinkedHashMap<>();
        for (Object group : (List<Object>) file.get("groups")) {
            for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
                Map<String, Object> alert = (Map<String, Object>) rule;
                alerts.put((String) alert.get("alert"), (String) alert.get("expr"));
            }
        }
        assertThat(alerts).as("alert rules in %s", ALERTS).isNotEmpty();
        return alerts;
    }

    /** The metric names an expression reads. */
    private static Set<String> metricNames(String expression) {
        Matcher identifier = IDENTIFIER.matcher(NOT_METRIC.matcher(expression).replaceAll(" "));
        Set<String> names = new LinkedHashSet<>();
        while (identifier.find()) {
            if (!KEYWORDS.contains(identifier.group())) {
                names.add(identifier.group());
            }
        }
        return names;
    }

    /** The platform's metrics in the Prometheus text format, as {@code promtool check metrics} reads it. */
    private String scrape() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.ACCEPT, "text/plain;version=0.0.4");
        return http.exchange("/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(headers), String.class)
                .getBody();
    }
}
