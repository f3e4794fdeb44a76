package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.JsonPath;
import io.mailing.sending.message.MessageId;
import io.mailing.simulator.Behaviour;
import io.mailing.simulator.FailureKind;
import io.mailing.simulator.ProviderSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * The logs as an operator searches them: the platform writes JSON lines, and filtering them by one id tells that
 * id's whole story (a request's line comes after the events it caused, as it is written when the request is
 * answered). A customer is registered and changed, a mailout reaches it and four others, every first attempt
 * fails and every retry succeeds; then the lines of the message, of the customer and of the mailout are read back.
 */
@RunningPlatform
@ExtendWith(OutputCaptureExtension.class)
// A message's own lines (its events, its provider requests, a delivered response) are debug lines: on here.
@TestPropertySource(
        properties = {
            "logging.level.io.mailing.platform.logging.AxonLogging.events=debug",
            "logging.level.io.mailing.sending.delivery.DeliveryWorker=debug"
        })
class LogStoryIT {

    private static final String CORRELATION_ID = "log-story-" + UUID.randomUUID();
    private static final String PHONE = "79035550101";
    private static final String TAG = "log-story";
    private static final int RECIPIENTS = 5;

    private final TestRestTemplate http;
    private final PlatformApi api;
    private final ProviderSimulator simulator;
    private final ObjectMapper json = new ObjectMapper();

    LogStoryIT(TestRestTemplate http, ProviderSimulator simulator) {
        this.http = http;
        this.api = new PlatformApi(http);
        this.simulator = simulator;
    }

    @AfterEach
    void healthyProvider() {
        simulator.behave(Behaviour.healthy());
    }

    @Test
    void theConsoleLogIsWrittenByAThreadOfItsOwnSoNoRequestWaitsForIt() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);

        assertThat(root.getAppender("ASYNC_CONSOLE")).isInstanceOf(AsyncAppender.class);
        assertThat(root.getAppender("CONSOLE"))
                .as("the console appender, now behind the queue")
                .isNull();
    }

    @Test
    void oneIdFindsItsWholeStory(CapturedOutput output) {
        UUID customer = UUID.fromString(JsonPath.read(
                send(HttpMethod.POST, "/api/v1/customers", customer("Europe/Moscow"), HttpStatus.CREATED), "$.id"));
        send(HttpMethod.PUT, "/api/v1/customers/" + customer, customer("Asia/Yekaterinburg"), HttpStatus.OK);
        api.importCustomers(RECIPIENTS - 1, TAG, 903);
        simulator.reset();
        simulator.behave(Behaviour.healthy().withFailureRate(1).withFailureKinds(FailureKind.SERVER_ERROR));

        Instant now = Instant.now();
        UUID mailout = UUID.fromString(JsonPath.read(
                send(
                        HttpMethod.POST,
                        "/api/v1/mailouts",
                        String.format(
                                "{\"text\":\"Logged\",\"startAt\":\"%s\",\"endAt\":\"%s\",\"filter\":{\"tags\":[\"%s\"]}}",
                                now, now.plus(Duration.ofHours(1)), TAG),
                        HttpStatus.CREATED),
                "$.id"));
        await("every first attempt failed")
                .atMost(Duration.ofSeconds(60))
                .until(() -> simulator.stats().totalCalls() >= RECIPIENTS);
        simulator.behave(Behaviour.healthy());
        api.await("/api/v1/stats/mailouts/" + mailout, stats -> "COMPLETED".equals(stats.read("$.status")));
        UUID message = UUID.fromString(api.get("/api/v1/audit/customers/" + customer)
                .read("$.items[?(@.type == 'MessageQueued')].payload.messageId", List.class)
                .get(0)
                .toString());

        await("the last lines are written")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(messages(lines(output, "messageId", message)))
                        .anyMatch(line -> line.startsWith("MessageSent")));
        List<JsonNode> messageLines = lines(output, "messageId", message);
        // RunningPlatform keeps the attempt timeout at 1 s (its floor and ceiling).
        String request = "Provider request: attempt %d, msgId " + new MessageId(message).providerMessageId()
                + ", timeout 1000 ms";
        List<String> messageStory = messages(messageLines);
        assertThat(messageStory)
                .as("the story of message %s", message)
                .hasSize(7)
                .contains(String.format(request, 1));
        assertInOrder(
                "the story of message " + message,
                messageStory,
                "MessageQueued",
                "Provider response: attempt 1 failed, SERVER_ERROR",
                "MessageAttemptFailed attempt=1",
                String.format(request, 2),
                "Provider response: attempt 2 delivered, HTTP 200",
                "MessageSent attempt=2");
        assertThat(messageLines).allSatisfy(line -> {
            assertThat(line.path("mailoutId").asText()).isEqualTo(mailout.toString());
            assertThat(line.path("customerId").asText()).isEqualTo(customer.toString());
            assertThat(line.path("correlationId").asText()).isEqualTo(CORRELATION_ID);
        });

        assertInOrder(
                "the story of customer " + customer,
                messages(lines(output, "customerId", customer)),
                "CustomerRegistered",
                "POST /api/v1/customers 201",
                "CustomerChanged",
                "PUT /api/v1/customers/" + customer + " 200",
                "MessageQueued",
                "MessageSent");

        List<String> mailoutStory = messages(lines(output, "mailoutId", mailout));
        assertInOrder(
                "the story of mailout " + mailout,
                mailoutStory,
                "MailoutScheduled",
                "MailoutStarted",
                "POST /api/v1/mailouts 201",
                "MailoutCompleted");
        assertThat(mailoutStory.stream().filter(line -> line.startsWith("Provider request: attempt")))
                .hasSize(2 * RECIPIENTS);
        assertThat(mailoutStory.stream().filter(line -> line.startsWith("MessageSent")))
                .hasSize(RECIPIENTS);
        assertThat(output.getOut())
                .as("no phone number and no provider token in the logs")
                .doesNotContain(PHONE)
                .doesNotContain("simulator-token");
    }

    private String customer(String timeZone) {
        return String.format(
                "{\"phone\":\"%s\",\"operatorCode\":\"903\",\"tags\":[\"%s\"],\"timeZone\":\"%s\"}",
                PHONE, TAG, timeZone);
    }

    private String send(HttpMethod method, String path, String body, HttpStatus expected) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("X-Correlation-Id", CORRELATION_ID);
        ResponseEntity<String> response = http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
        assertThat(response.getStatusCode()).as("%s %s", method, path).isEqualTo(expected);
        return response.getBody();
    }

    /** The JSON log lines whose {@code key} is {@code id}, in the order written. */
    private List<JsonNode> lines(CapturedOutput output, String key, UUID id) {
        List<JsonNode> found = new ArrayList<>();
        for (String line : output.getOut().split("\n")) {
            if (line.startsWith("{") && line.contains(id.toString())) {
                JsonNode node = parse(line);
                if (id.toString().equals(node.path(key).asText())) {
                    found.add(node);
                }
            }
        }
        return found;
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not a JSON log line: " + line, e);
        }
    }

    /** Asserts that lines starting with these prefixes come in this order (other lines may come between). */
    private static void assertInOrder(String story, List<String> lines, String... prefixes) {
        int next = 0;
        for (String line : lines) {
            if (next < prefixes.length && line.startsWith(prefixes[next])) {
                next++;
            }
        }
        assertThat(next)
                .as(
                        "%s: lines starting with %s in this order, in%n%s",
                        story, List.of(prefixes), String.join("\n", lines))
                .isEqualTo(prefixes.length);
    }

    private static List<String> messages(List<JsonNode> lines) {
        return lines.stream().map(line -> line.path("message").asText()).toList();
    }
}
