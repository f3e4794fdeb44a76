package io.mailing.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailing.testsupport.TestDatabases;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The three services started by {@code scripts/split} as separate processes, the sending service twice, run a mailout
 * end to end: the command service takes the customers and the mailout, the sending services share the deliveries,
 * the query service counts them, Kafka receives them, and the provider received every message exactly once. The
 * console, a process of its own too, signs an operator in at the command service, shows a mailout read from the query
 * service and sends the operator's command to the command service. A one-off message repeated to the other sending
 * service with the same {@code Idempotency-Key} is answered the same and queued once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SplitTopologyIT {

    private static final int RECIPIENTS = 500;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private SplitPlatform platform;

    @BeforeAll
    void start() {
        // A message's own log lines are debug lines: on here, to follow one message across the processes.
        String debugMessages = " -Dlogging.level.io.mailing.platform.logging.AxonLogging.events=debug"
                + " -Dlogging.level.io.mailing.sending.delivery.DeliveryWorker=debug";
        platform = new SplitPlatform(
                        TestDatabases.create("split"),
                        SplitPlatform.ROOT.resolve("deploy/target/split"),
                        Map.of("JAVA_OPTS", SplitPlatform.JAVA_OPTS + debugMessages))
                .start();
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void theSeparateServicesRunAMailoutEndToEnd() throws Exception {
        String rows = IntStream.range(0, RECIPIENTS)
                .mapToObj(i -> String.format(
                        "{\"phone\":\"+7915%07d\",\"operatorCode\":\"915\",\"tags\":[\"split\"],\"timeZone\":\"UTC\"}",
                        i))
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(platform.post(platform.commandPort, "/api/v1/customers/import", rows, 200)
                        .path("accepted")
                        .asInt())
                .isEqualTo(RECIPIENTS);
        Instant now = Instant.now();
        UUID mailout = UUID.fromString(platform.post(
                        platform.commandPort,
                        "/api/v1/mailouts",
                        String.format(
                                "{\"text\":\"Split\",\"startAt\":\"%s\",\"endAt\":\"%s\",\"filter\":{\"tags\":[\"split\"]}}",
                                now, now.plus(Duration.ofHours(1))),
                        201)
                .path("id")
                .asText());

        JsonNode stats = await("the query service counts every message sent")
                .atMost(PATIENCE)
                .ignoreExceptions()
                .until(
                        () -> platform.get(platform.queryPort, "/api/v1/stats/mailouts/" + mailout),
                        detail -> "COMPLETED".equals(detail.path("status").asText())
                                && detail.at("/messages/byStatus/SENT").asInt() == RECIPIENTS);
        assertThat(stats.at("/messages/total").asInt()).isEqualTo(RECIPIENTS);

        JsonNode provider = platform.get(platform.simulatorPort, "/simulator/stats");
        assertThat(provider.path("uniqueMsgIds").asInt()).as("msgIds called").isEqualTo(RECIPIENTS);
        assertThat(provider.path("deliveredMsgIds").asInt())
                .as("msgIds delivered")
                .isEqualTo(RECIPIENTS);
        assertThat(provider.path("totalCalls").asInt()).as("calls").isEqualTo(RECIPIENTS);
        assertThat(provider.path("duplicateDeliveries").asInt())
                .as("duplicate deliveries")
                .isZero();

        List<Long> perNode =
                platform.sendingPorts.stream().map(platform::deliveredBy).toList();
        assertThat(perNode.stream().mapToLong(Long::longValue).sum())
                .as("deliveries made by the two sending services %s", perNode)
                .isEqualTo(RECIPIENTS);

        assertThat(sentOnKafka(mailout)).as("MessageSent events on Kafka").hasSize(RECIPIENTS);

        // The report service's figures are the query service's: the report in the making (it goes at 08:00 UTC).
        LocalDate inTheMaking = LocalDate.now(ZoneOffset.UTC)
                .plusDays(LocalTime.now(ZoneOffset.UTC).isBefore(LocalTime.of(8, 0)) ? 0 : 1);
        JsonNode report = platform.get(platform.reportPort, "/api/v1/reports/daily?date=" + inTheMaking);
        assertThat(report.at("/mailouts/0/id").asText()).isEqualTo(mailout.toString());
        assertThat(report.at("/mailouts/0/messages/SENT").asInt()).isEqualTo(RECIPIENTS);

        String message = platform.get(platform.queryPort, "/api/v1/mailouts/" + mailout + "/messages?size=1")
                .at("/items/0/id")
                .asText();
        List<String> story = platform.logLines("messageId", message).stream()
                .map(line -> line.path("message").asText())
                .toList();
        assertThat(story)
                .as("the log lines of message %s across the processes", message)
                .anyMatch(line -> line.startsWith("MessageQueued"))
                .anyMatch(line -> line.startsWith("Provider request: attempt 1"))
                .anyMatch(line -> line.startsWith("Provider response: attempt 1 delivered"))
                .anyMatch(line -> line.startsWith("MessageSent"));
    }

    /** Last: the mailout's test counts every call the simulator received, and this one-off would be one more. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aOneOffRepeatedToTheOtherSendingServiceWithItsIdempotencyKeyIsSentOnce() throws Exception {
        String text = "Once across nodes " + UUID.randomUUID();
        String body = "{\"to\":\"+7 999 000-12-34\",\"text\":\"" + text + "\"}";
        String key = "order-" + UUID.randomUUID();

        JsonNode first = platform.sendOneOff(platform.sendingPorts.get(0), body, key);
        JsonNode repeated = platform.sendOneOff(platform.sendingPorts.get(1), body, key);

        assertThat(repeated).isEqualTo(first);
        String id = first.path("id").asText();
        await().atMost(Duration.ofMinutes(2))
                .until(() -> platform.get(platform.queryPort, "/api/v1/stats")
                                .at("/transactional/byChannel/SMS/byStatus/SENT")
                                .asLong()
                        == 1);
        assertThat(platform.get(platform.queryPort, "/api/v1/messages/" + id)
                        .path("status")
                        .asText())
                .isEqualTo("SENT");
        assertThat(platform.logLines("messageId", id).stream()
                        .map(line -> line.path("message").asText())
                        .filter(line -> line.startsWith("MessageQueued")))
                .as("queued once, by one of the two sending services")
                .hasSize(1);
    }

    @Test
    void theConsoleSignsInReadsFromTheQueryServiceAndWritesToTheCommandService() throws Exception {
        Instant later = Instant.now().plus(Duration.ofDays(1));
        UUID mailout = UUID.fromString(platform.post(
                        platform.commandPort,
                        "/api/v1/mailouts",
                        String.format(
                                "{\"text\":\"Seen in the console\",\"startAt\":\"%s\",\"endAt\":\"%s\","
                                        + "\"filter\":{\"tags\":[\"console\"]}}",
                                later, later.plus(Duration.ofHours(1))),
                        201)
                .path("id")
                .asText());
        ConsoleSession console = new ConsoleSession(platform.consolePort);
        assertThat(platform.ready(platform.consoleManagementPort)).isTrue();
        assertThat(console.get("/actuator/health").statusCode())
                .as("the actuator on the console's own port")
                .isIn(401, 403, 404);
        assertThat(console.get("/mailouts").headers().firstValue("Location"))
                .as("an anonymous visit")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/sign-in"));

        HttpResponse<String> signIn = console.signIn("admin", platform.adminPassword());
        assertThat(signIn.headers().firstValue("Location"))
                .as("signed in: %s", signIn.body())
                .hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));

        String page = await("the query service has the mailout")
                .atMost(PATIENCE)
                .until(() -> console.get("/mailouts/" + mailout), answer -> answer.statusCode() == 200)
                .body();
        assertThat(page).contains("Seen in the console", "SCHEDULED", "Cancel mailout");

        HttpResponse<String> cancelled = console.post("/mailouts/" + mailout + "/cancel", page, Map.of());
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(302);
        await("the command service cancelled it, the query service says so")
                .atMost(PATIENCE)
                .until(
                        () -> platform.get(platform.queryPort, "/api/v1/mailouts/" + mailout)
                                .path("status")
                                .asText(),
                        "CANCELLED"::equals);

        String letters = console.get("/dead-letters").body();
        HttpResponse<String> retried = console.post("/dead-letters/retry", letters, Map.of());
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(302);
        assertThat(console.get("/dead-letters").body())
                .as("retry all asked of the command, query and sending services, none refused")
                .contains("Retried: 0 handled, 0 still parked.");
    }

    /** A browser's session with the console, as plain HTTP: its cookie, and each form's CSRF token from its page. */
    private static final class ConsoleSession {

        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

        private final HttpClient http =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        private final String base;

        ConsoleSession(int port) {
            this.base = "http://127.0.0.1:" + port;
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> signIn(String username, String password) throws IOException, InterruptedException {
            return post("/sign-in", get("/sign-in").body(), Map.of("username", username, "password", password));
        }

        /** Posts a form of {@code page}, with the CSRF token the page carries. */
        HttpResponse<String> post(String path, String page, Map<String, String> fields)
                throws IOException, InterruptedException {
            Matcher token = CSRF.matcher(page);
            assertThat(token.find()).as("a CSRF token in the page").isTrue();
            Map<String, String> form = new LinkedHashMap<>(fields);
            form.put("_csrf", token.group(1));
            String body = form.entrySet().stream()
                    .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return http.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The message ids of the mailout's {@code MessageSent} events on the delivery topic, once all have arrived. */
    private Set<String> sentOnKafka(UUID mailout) {
        try (DeliveryTopic topic = new DeliveryTopic(platform.kafkaPort, "split-topology-it", List.of(mailout))) {
            return await("every MessageSent on Kafka")
                    .atMost(PATIENCE)
                    .until(() -> topic.sent(mailout), sent -> sent.size() >= RECIPIENTS);
        }
    }
}
