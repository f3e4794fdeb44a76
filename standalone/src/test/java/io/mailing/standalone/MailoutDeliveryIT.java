package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.mailing.events.mailout.MailoutClosed;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.simulator.Behaviour;
import io.mailing.simulator.FailureKind;
import io.mailing.simulator.ProviderSimulator;
import io.mailing.simulator.SimulatorStats;
import io.mailing.testsupport.StoredEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A mailout run as a new user runs one: customers imported and a mailout created over the command API, delivered by
 * the sending service to the built-in provider simulator, all in the standalone application. Metrics are exported
 * as in production ({@link AutoConfigureObservability}: a Spring Boot test switches exporters off otherwise). The
 * background priority is on ({@code mailing.background.nice}, off by default), for the test of the threads' priorities.
 */
@RunningPlatform
@AutoConfigureObservability(tracing = false)
// Up to 30 attempts: with 30 % of calls failing, ten failures in a row (the default's limit) befall one of 300 messages
// in about one run of 500; thirty, never.
@TestPropertySource(properties = {"mailing.background.nice=10", "mailing.delivery.retry.max-attempts=30"})
class MailoutDeliveryIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /**
     * The threads of the pooled processors (workers and coordinators), the delivery worker and recorder, and the HTTP
     * client's that handle the provider's answers.
     */
    private static final List<String> BACKGROUND_THREADS =
            List.of("WorkPackage[", "Coordinator[", "delivery-worker", "delivery-record", "provider-http-");

    private final TestRestTemplate http;
    private final ProviderSimulator simulator;
    private final JdbcTemplate jdbc;
    private final StoredEvents events;
    private final PlatformApi api;
    private final MailSink sink;

    MailoutDeliveryIT(TestRestTemplate http, ProviderSimulator simulator, JdbcTemplate jdbc, MailSink sink) {
        this.http = http;
        this.simulator = simulator;
        this.sink = sink;
        this.jdbc = jdbc;
        this.events = new StoredEvents(jdbc);
        this.api = new PlatformApi(http);
    }

    @AfterEach
    void healthyProvider() {
        simulator.behave(Behaviour.healthy());
    }

    @Test
    void aMailoutThatStartsNowReachesAThousandCustomersOnceEach() {
        simulator.reset();
        api.importCustomers(1_000, "thousand", 901);

        UUID mailout = api.createMailoutStartingNow("thousand");

        MailoutCompleted completed = awaitCompleted(mailout);
        assertThat(completed.sent()).isEqualTo(1_000);
        SimulatorStats stats = simulator.stats();
        assertThat(stats.uniqueMsgIds()).isEqualTo(1_000);
        assertThat(stats.deliveredMsgIds()).isEqualTo(1_000);
        assertThat(stats.repeatedMsgIds()).isZero();
        await("the mailout is closed (COMPLETED) once its dispatch completes")
                .atMost(PATIENCE)
                .until(() -> events.all(MailoutClosed.class, e -> e.mailoutId().equals(mailout)), c -> c.size() == 1);
    }

    @Test
    void anEmailMailoutAndAnSmsMailoutRunSideBySideToTheMailSinkAndTheSimulator() throws Exception {
        simulator.reset();
        long before = sink.received();
        for (int i = 0; i < 5; i++) {
            api.send(
                    HttpMethod.POST,
                    "/api/v1/customers",
                    "{\"email\":\"side" + i + "@example.com\",\"tags\":[\"side-by-side\"],\"timeZone\":\"UTC\"}",
                    HttpStatus.CREATED);
            api.send(
                    HttpMethod.POST,
                    "/api/v1/customers",
                    "{\"phone\":\"7919000000" + i + "\",\"tags\":[\"side-by-side\"],\"timeZone\":\"UTC\"}",
                    HttpStatus.CREATED);
        }
        Instant now = Instant.now();
        String window = "\"startAt\":\"" + now + "\",\"endAt\":\"" + now.plusSeconds(3600)
                + "\",\"filter\":{\"tags\":[\"side-by-side\"]}";
        UUID byEmail = UUID.fromString(JsonPath.read(
                api.send(
                        HttpMethod.POST,
                        "/api/v1/mailouts",
                        "{\"channel\":\"EMAIL\",\"subject\":\"Side by side\",\"text\":\"By e-mail\"," + window + "}",
                        HttpStatus.CREATED),
                "$.id"));
        UUID bySms = UUID.fromString(JsonPath.read(
                api.send(
                        HttpMethod.POST,
                        "/api/v1/mailouts",
                        "{\"text\":\"By SMS\"," + window + "}",
                        HttpStatus.CREATED),
                "$.id"));

        assertThat(awaitCompleted(byEmail).sent()).isEqualTo(5);
        assertThat(awaitCompleted(bySms).sent()).isEqualTo(5);
        assertThat(sink.received() - before).isEqualTo(5);
        assertThat(simulator.calls().stream().filter(call -> call.text().equals("By SMS")))
                .hasSize(5);
        HttpResponse<String> stats = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(sink.statsUrl())).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(JsonPath.<List<String>>read(stats.body(), "$.recent[*].subject"))
                .contains("Side by side");
        assertThat(api.get("/api/v1/mailouts/" + byEmail).read("$.channel", String.class))
                .isEqualTo("EMAIL");
    }

    @Test
    void aMailoutCompletesWithEveryMessageSentWhenThirtyPercentOfCallsFail() {
        simulator.reset();
        simulator.behave(Behaviour.healthy()
                .withFailureRate(0.3)
                .withFailureKinds(EnumSet.allOf(FailureKind.class))
                .withTimeoutHold(Duration.ofSeconds(2)));
        api.importCustomers(300, "flaky", 902);

        UUID mailout = api.createMailoutStartingNow("flaky");

        MailoutCompleted completed = awaitCompleted(mailout);
        assertThat(completed.sent()).isEqualTo(300);
        SimulatorStats stats = simulator.stats();
        assertThat(stats.deliveredMsgIds()).isEqualTo(300);
        assertThat(stats.failed()).isPositive();
    }

    @Test
    void theCommandApiKeepsItsPaceWhileTheProviderHangsAndEverythingIsSentAfterwards() {
        simulator.reset();
        List<Long> usual = timeCustomerRegistrations("usual", 904, 30);
        simulator.behave(Behaviour.healthy()
                .withFailureRate(1.0)
                .withFailureKinds(FailureKind.TIMEOUT)
                .withTimeoutHold(Duration.ofSeconds(30)));
        api.importCustomers(500, "outage", 903);
        UUID mailout = api.createMailoutStartingNow("outage");
        await().atMost(PATIENCE).until(() -> simulator.stats().failed(FailureKind.TIMEOUT) >= 50);

        List<Long> duringOutage = timeCustomerRegistrations("during", 905, 30);

        assertThat(median(duringOutage))
                .as("median registration latency (ms) while the provider hangs, usually %s", median(usual))
                .isLessThanOrEqualTo(2 * median(usual) + 20);
        assertThat(duringOutage).allSatisfy(ms -> assertThat(ms).isLessThan(1_000));
        simulator.behave(Behaviour.healthy());
        MailoutCompleted completed = awaitCompleted(mailout);
        assertThat(completed.sent()).isEqualTo(500);
    }

    @Test
    void countsCustomersMailoutsMessagesAndAttemptsForPrometheus() {
        Map<String, Double> before = metrics();
        api.importCustomers(20, "metrics", 906);

        UUID mailout = api.createMailoutStartingNow("metrics");
        awaitCompleted(mailout);

        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<String, Double> after = metrics();
            assertThat(delta(before, after, "mailing_customers_registered_total"))
                    .isEqualTo(20);
            assertThat(delta(before, after, "mailing_mailouts_scheduled_total")).isEqualTo(1);
            assertThat(delta(before, after, "mailing_messages_queued_total")).isEqualTo(20);
            assertThat(delta(before, after, "mailing_messages_final_total{status=\"SENT\"}"))
                    .isEqualTo(20);
            assertThat(delta(before, after, "mailing_provider_requests_seconds_count{outcome=\"DELIVERED\"}"))
                    .isEqualTo(20);
        });
        await("the query projections catch up").atMost(PATIENCE).untilAsserted(() -> {
            Map<String, Double> now = metrics();
            for (String processor : List.of("query-mailouts", "query-audit", "mailout-dispatch")) {
                assertThat(now.get("mailing_processor_lag{processor=\"" + processor + "\"}"))
                        .as("lag of %s", processor)
                        .isZero();
                assertThat(now.get("mailing_processor_caught_up{processor=\"" + processor + "\"}"))
                        .as("%s caught up", processor)
                        .isEqualTo(1.0);
            }
        });
        Map<String, Double> exported = metrics();
        assertThat(exported.get("mailing_delivery_in_flight{channel=\"SMS\"}"))
                .as("in-flight gauge of the SMS lane")
                .isNotNull();
        assertThat(exported.get("mailing_provider_circuit_state"))
                .as("circuit gauge")
                .isEqualTo(0.0);
        assertThat(exported.keySet().stream().filter(name -> name.startsWith("http_server_requests_seconds_count")))
                .as("HTTP server metrics")
                .isNotEmpty();
    }

    /** The Prometheus scrape, by series name and labels without {@code application} and {@code provider}. */
    private Map<String, Double> metrics() {
        String scrape = http.getForObject("/actuator/prometheus", String.class);
        Map<String, Double> series = new HashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String name = line.substring(0, space)
                    .replaceAll("application=\"[^\"]*\",?", "")
                    .replaceAll("provider=\"[^\"]*\",?", "")
                    .replace(",}", "}")
                    .replace("{}", "");
            series.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
        }
        return series;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after.get(series)).as("exported series %s", series).isNotNull();
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    @Test
    void withTheBackgroundPriorityOnTheBackgroundThreadsRunTenNiceStepsBelowRequests() throws IOException {
        simulator.reset();
        api.importCustomers(50, "priorities", 907);
        awaitCompleted(api.createMailoutStartingNow("priorities"));

        // Other test classes' contexts in this JVM run without the background priority, and their threads may
        // outlive them: every kind of background thread must have threads at the background priority (none has
        // with the priority off), and the request threads none.
        Map<String, Set<Integer>> nice = niceByThreadKind();
        assertThat(nice.get("http-nio-")).as("request threads").hasSize(1);
        int background = Math.min(19, nice.get("http-nio-").iterator().next() + 10);
        for (String kind : BACKGROUND_THREADS) {
            assertThat(nice.get(kind))
                    .as("the nice values of the %s threads", kind)
                    .contains(background);
        }
        assertThat(nice.get("EventProcessor["))
                .as("the tracking processor's threads")
                .contains(background);
    }

    @Test
    void withTheBackgroundPriorityOnBackgroundWorkHasConnectionsOfItsOwnWhoseBackendsRunBelowRequests()
            throws IOException {
        simulator.reset();
        api.importCustomers(50, "backends", 908);
        awaitCompleted(api.createMailoutStartingNow("backends"));

        Map<Boolean, List<Integer>> backends = new HashMap<>();
        jdbc.query(
                "SELECT pid, application_name = 'mailing background' AS background FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND backend_type = 'client backend'",
                rs -> {
                    backends.computeIfAbsent(rs.getBoolean("background"), b -> new ArrayList<>())
                            .add(rs.getInt("pid"));
                });
        assertThat(backends.get(true)).as("the background pool's backends").isNotEmpty();
        assertThat(backends.get(false)).as("the requests' pool's backends").isNotEmpty();
        // Where the server runs on this host (TEST_JDBC_URL on 127.0.0.1, or the embedded one), its backends can be
        // read, and the background pool's run ten nice steps below the requests'.
        Path first = Path.of("/proc", backends.get(true).get(0).toString(), "stat");
        if (Files.exists(first)) {
            int background = Math.min(19, niceOf(ProcessHandle.current().pid()) + 10);
            assertThat(backends.get(true).stream().map(MailoutDeliveryIT::niceOf))
                    .as("the background pool's backends")
                    .containsOnly(background);
            assertThat(backends.get(false).stream().map(MailoutDeliveryIT::niceOf))
                    .as("the requests' pool's backends")
                    .allSatisfy(nice -> assertThat(nice).isLessThan(background));
        }
    }

    /** A process's nice value (the 19th field of /proc/<pid>/stat). */
    private static int niceOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19 - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Threads by the start of their name (the kernel keeps 15 characters of it) and the nice values they run at. */
    private static Map<String, Set<Integer>> niceByThreadKind() throws IOException {
        Map<String, Set<Integer>> nice = new HashMap<>();
        try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
            for (Path thread : threads.toList()) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (NoSuchFileException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                int value = Integer.parseInt(
                        stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19 - 3]);
                Stream.concat(Stream.of("http-nio-", "EventProcessor["), BACKGROUND_THREADS.stream())
                        .filter(name::startsWith)
                        .forEach(kind ->
                                nice.computeIfAbsent(kind, k -> new HashSet<>()).add(value));
            }
        }
        return nice;
    }

    private MailoutCompleted awaitCompleted(UUID mailout) {
        return await().atMost(PATIENCE)
                .until(
                        () -> events.all(
                                MailoutCompleted.class, e -> e.mailoutId().equals(mailout)),
                        e -> !e.isEmpty())
                .get(0);
    }

    /** Registers customers one by one and answers how long each request took, in milliseconds. */
    private List<Long> timeCustomerRegistrations(String tag, int areaCode, int count) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body =
                    String.format("{\"phone\":\"+7%d%07d\",\"tags\":[\"%s\"],\"timeZone\":\"UTC\"}", areaCode, i, tag);
            long started = System.nanoTime();
            ResponseEntity<String> created =
                    http.postForEntity("/api/v1/customers", PlatformApi.json(body), String.class);
            millis.add((System.nanoTime() - started) / 1_000_000);
            assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        }
        return millis;
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
