package io.mailing.standalone;

import static io.mailing.testsupport.JsonApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.mailing.events.mailout.FollowUpScheduled;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.mailout.MailoutFollowUpCreated;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.simulator.Behaviour;
import io.mailing.simulator.FailureKind;
import io.mailing.simulator.ProviderSimulator;
import io.mailing.testsupport.StoredEvents;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * "Send again to the ones that failed", end to end in the standalone application: a mailout whose provider fails
 * some numbers for good (two attempts each, half the calls failing), then its follow-up, which the provider, healthy
 * again, delivers to exactly the customers whose messages had ended FAILED or EXPIRED.
 */
@RunningPlatform
@TestPropertySource(properties = "mailing.delivery.retry.max-attempts=2")
class FollowUpDeliveryIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final TestRestTemplate http;
    private final ProviderSimulator simulator;
    private final StoredEvents events;
    private final PlatformApi api;

    FollowUpDeliveryIT(TestRestTemplate http, ProviderSimulator simulator, JdbcTemplate jdbc) {
        this.http = http;
        this.simulator = simulator;
        this.events = new StoredEvents(jdbc);
        this.api = new PlatformApi(http);
    }

    @AfterEach
    void healthyProvider() {
        simulator.behave(Behaviour.healthy());
    }

    @Test
    void theFollowUpOfAFinishedMailoutReachesExactlyTheCustomersItsMessagesFailedFor() {
        simulator.behave(Behaviour.healthy().withFailureRate(0.5).withFailureKinds(FailureKind.SERVER_ERROR));
        api.importCustomers(60, "again", 907);
        UUID original = api.createMailoutStartingNow("again");
        assertProblem(
                http.postForEntity("/api/v1/mailouts/" + original + "/follow-ups", null, String.class),
                HttpStatus.CONFLICT);

        MailoutCompleted completed = awaitCompleted(original);
        Set<UUID> undelivered = Stream.concat(
                        events.all(MessageFailed.class, e -> e.mailoutId().equals(original)).stream()
                                .map(MessageFailed::customerId),
                        events.all(MessageExpired.class, e -> e.mailoutId().equals(original)).stream()
                                .map(MessageExpired::customerId))
                .collect(Collectors.toSet());
        assertThat(undelivered).as("some numbers failed for good").isNotEmpty().hasSizeLessThan(60);
        assertThat(completed.failed() + completed.expired()).isEqualTo(undelivered.size());
        api.await(
                "/api/v1/mailouts/" + original,
                mailout -> mailout.read("$.status").equals("COMPLETED"));
        simulator.behave(Behaviour.healthy());

        ResponseEntity<String> created =
                http.postForEntity("/api/v1/mailouts/" + original + "/follow-ups", null, String.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        DocumentContext followUp = JsonPath.parse(created.getBody());
        UUID followUpId = UUID.fromString(followUp.read("$.id"));
        assertThat(followUp.read("$.status", String.class)).isEqualTo("RUNNING");
        assertThat(followUp.read("$.text", String.class)).isEqualTo("Hello, again");

        MailoutCompleted again = awaitCompleted(followUpId);
        Set<UUID> queued =
                new HashSet<>(events.all(MessageQueued.class, e -> e.mailoutId().equals(followUpId)).stream()
                        .map(MessageQueued::customerId)
                        .toList());
        assertThat(queued).as("exactly the undelivered customers").isEqualTo(undelivered);
        assertThat(again.sent()).isEqualTo(undelivered.size());
        assertThat(events.all(MessageSent.class, e -> e.mailoutId().equals(followUpId)))
                .hasSize(undelivered.size());

        assertThat(events.all(MailoutFollowUpCreated.class, e -> e.mailoutId().equals(original)))
                .extracting(MailoutFollowUpCreated::followUpId)
                .containsExactly(followUpId);
        assertThat(events.all(FollowUpScheduled.class, e -> e.mailoutId().equals(followUpId)))
                .extracting(FollowUpScheduled::followUpOf)
                .containsExactly(original);
        api.await(
                "/api/v1/mailouts/" + original, mailout -> followUpId.toString().equals(mailout.read("$.followUpId")));
        api.await(
                "/api/v1/mailouts/" + followUpId, mailout -> original.toString().equals(mailout.read("$.followUpOf")));
        await("both trails tell of the follow-up").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(trailTypes(original)).contains("MailoutFollowUpCreated");
            assertThat(trailTypes(followUpId)).contains("MailoutScheduled", "FollowUpScheduled");
        });

        assertProblem(
                http.postForEntity("/api/v1/mailouts/" + original + "/follow-ups", null, String.class),
                HttpStatus.CONFLICT);
    }

    /** The types of the mailout's events in its audit trail that are about no message. */
    private List<String> trailTypes(UUID mailout) {
        List<Map<String, Object>> items =
                api.get("/api/v1/audit/mailouts/" + mailout + "?size=1000").read("$.items");
        return items.stream()
                .filter(item -> item.get("messageId") == null)
                .map(item -> (String) item.get("type"))
                .toList();
    }

    private MailoutCompleted awaitCompleted(UUID mailout) {
        return await("mailout " + mailout + " completes")
                .atMost(PATIENCE)
                .until(
                        () -> events.all(
                                MailoutCompleted.class, e -> e.mailoutId().equals(mailout)),
                        c -> c.size() == 1)
                .get(0);
    }
}
