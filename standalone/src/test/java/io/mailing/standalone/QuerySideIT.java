package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.mailing.events.message.ErrorKind;
import io.mailing.simulator.Behaviour;
import io.mailing.simulator.FailureKind;
import io.mailing.simulator.ProviderSimulator;
import io.mailing.simulator.SimulatorStats;
import io.mailing.testsupport.TestUsers;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * The query side as a new user meets it in the standalone application: after a mailout runs over the command API
 * against the provider simulator, the statistics say what the simulator confirms, the audit trails tell each
 * story, and a mailout can be read as it was before it changed.
 */
@RunningPlatform
class QuerySideIT {

    private static final Map<FailureKind, ErrorKind> ERROR_KINDS = Map.of(
            FailureKind.TIMEOUT, ErrorKind.TIMEOUT,
            FailureKind.SERVER_ERROR, ErrorKind.SERVER_ERROR,
            FailureKind.RATE_LIMITED, ErrorKind.RATE_LIMITED,
            FailureKind.MALFORMED_BODY, ErrorKind.MALFORMED_RESPONSE);

    private final PlatformApi api;
    private final ProviderSimulator simulator;

    QuerySideIT(TestRestTemplate http, ProviderSimulator simulator) {
        this.api = new PlatformApi(http);
        this.simulator = simulator;
    }

    @AfterEach
    void healthyProvider() {
        simulator.behave(Behaviour.healthy());
    }

    @Test
    void theStatisticsCountWhatTheProviderReceived() {
        simulator.reset();
        simulator.behave(Behaviour.healthy()
                .withFailureRate(0.3)
                .withFailureKinds(EnumSet.allOf(FailureKind.class))
                .withTimeoutHold(Duration.ofSeconds(2)));
        api.importCustomers(200, "counted", 911);

        UUID mailout = api.createMailoutStartingNow("counted");

        DocumentContext detail = api.await(
                "/api/v1/stats/mailouts/" + mailout,
                stats -> "COMPLETED".equals(stats.read("$.status"))
                        && stats.read("$.messages.byStatus.SENT", Integer.class) == 200);
        SimulatorStats provider = simulator.stats();
        assertThat(provider.deliveredMsgIds()).isEqualTo(200);
        assertThat(detail.read("$.messages.total", Long.class)).isEqualTo(provider.uniqueMsgIds());
        assertThat(detail.read("$.attempts.total", Long.class)).isEqualTo(provider.totalCalls());
        assertThat(detail.read("$.attempts.failed", Long.class)).isEqualTo(provider.failed());
        for (FailureKind kind : FailureKind.values()) {
            List<Number> failed =
                    detail.read("$.failureReasons[?(@.errorKind == '" + ERROR_KINDS.get(kind) + "')].failedAttempts");
            assertThat(failed.isEmpty() ? 0L : failed.get(0).longValue())
                    .as("failed attempts of kind %s", kind)
                    .isEqualTo(provider.failed(kind));
        }
        assertThat(detail.read("$.completedAt", String.class)).isNotNull();
        assertThat(detail.read("$.throughput.sentPerSecond", Double.class)).isPositive();

        DocumentContext overview = api.get("/api/v1/stats?size=100");
        assertThat(overview.read("$.totals.messages.byStatus.SENT", Long.class)).isGreaterThanOrEqualTo(200);
        assertThat(overview.read("$.mailouts.items[?(@.id == '" + mailout + "')].messages.byStatus.SENT", List.class))
                .containsExactly(200);
    }

    @Test
    void theAuditTrailsTellTheWholeStoryOfAMailoutItsMessagesAndItsCustomers() {
        String created = api.send(
                HttpMethod.POST,
                "/api/v1/customers",
                "{\"phone\":\"+79129990001\",\"tags\":[\"story\"],\"timeZone\":\"UTC\"}",
                HttpStatus.CREATED);
        String customer = JsonPath.read(created, "$.id");
        api.send(
                HttpMethod.PUT,
                "/api/v1/customers/" + customer,
                "{\"phone\":\"+79129990001\",\"tags\":[\"story\",\"vip\"],\"timeZone\":\"UTC\"}",
                HttpStatus.OK);
        UUID mailout = api.createMailoutStartingNow("story");
        String message = api.await(
                        "/api/v1/mailouts/" + mailout + "/messages?status=SENT",
                        page -> page.read("$.total", Integer.class) == 1)
                .read("$.items[0].id");

        DocumentContext messageTrail = api.await(
                "/api/v1/audit/messages/" + message,
                trail -> trail.read("$.items[*].type", List.class).contains("MessageSent"));
        List<String> messageEvents = messageTrail.read("$.items[*].type");
        assertThat(messageEvents.get(0)).isEqualTo("MessageQueued");
        assertThat(messageEvents.get(messageEvents.size() - 1)).isEqualTo("MessageSent");
        assertThat(messageTrail.read("$.items[*].occurredAt", List.class)).doesNotContainNull();
        assertThat(messageTrail.read("$.items[*].metadata.principal", List.class))
                .as("who started the mailout, on every event of its message")
                .hasSize(messageEvents.size())
                .doesNotContainNull();
        assertThat(messageTrail.read("$.items[*].metadata.correlationId", List.class))
                .hasSize(messageEvents.size());

        DocumentContext customerTrail = api.await(
                "/api/v1/audit/customers/" + customer,
                trail -> trail.read("$.items[*].type", List.class)
                        .containsAll(List.of("CustomerChanged", "MessageSent")));
        assertThat(customerTrail.read("$.items[*].type", List.class))
                .startsWith("CustomerRegistered", "CustomerChanged", "MessageQueued")
                .endsWith("MessageSent");

        DocumentContext mailoutTrail = api.await(
                "/api/v1/audit/mailouts/" + mailout,
                trail -> trail.read("$.items[*].type", List.class).contains("MailoutClosed"));
        assertThat(mailoutTrail.read("$.items[*].type", List.class))
                .startsWith("MailoutScheduled", "MailoutStarted")
                .contains("AudienceFixed", "MessageQueued", "MessageSent", "MailoutCompleted");
        List<Integer> positions = mailoutTrail.read("$.items[*].position");
        assertThat(positions).isSorted();
        String startedBy = mailoutTrail.read("$.items[1].metadata.principal");
        String storyId = mailoutTrail.read("$.items[1].metadata.correlationId");
        assertThat(startedBy).isEqualTo(TestUsers.TOKEN_SUBJECT);
        assertThat(messageTrail.read("$.items[*].metadata.principal", List.class))
                .containsOnly(startedBy);
        assertThat(messageTrail.read("$.items[*].metadata.correlationId", List.class))
                .as("the message's events belong to the request that started the mailout")
                .containsOnly(storyId);
    }

    @Test
    void aMailoutReadsAsItWasBeforeItChanged() {
        Instant startAt = Instant.now().plus(Duration.ofHours(2));
        UUID mailout = UUID.fromString(
                api.createMailout("First draft", "drafts", startAt).read("$.id"));
        Instant beforeChange = Instant.now();
        await().until(() -> Instant.now().isAfter(beforeChange));

        api.send(
                HttpMethod.PUT,
                "/api/v1/mailouts/" + mailout,
                String.format(
                        "{\"text\":\"Final text\",\"startAt\":\"%s\",\"endAt\":\"%s\",\"filter\":{\"tags\":[\"drafts\"]}}",
                        startAt, startAt.plus(Duration.ofHours(1))),
                HttpStatus.OK);

        api.await("/api/v1/mailouts/" + mailout, now -> "Final text".equals(now.read("$.text")));
        DocumentContext asOf = api.get("/api/v1/mailouts/" + mailout + "?asOf=" + beforeChange);
        assertThat(asOf.read("$.text", String.class)).isEqualTo("First draft");
        assertThat(asOf.read("$.status", String.class)).isEqualTo("SCHEDULED");
    }
}
