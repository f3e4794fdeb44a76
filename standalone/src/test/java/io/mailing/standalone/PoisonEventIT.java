package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.deadletter.DeadLetterEvicted;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.testsupport.EventFeed;
import io.mailing.testsupport.StoredEvents;
import io.mailing.testsupport.TestUsers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Events no processor can store, planted straight in the event store as a buggy or hostile writer would (the API
 * refuses them), are parked by every processor that fails on them while the others, and every other mailout, go on;
 * the operator sees them in health, metrics and the dead-letter API, retries them after a fix, or evicts them on the
 * record.
 */
@RunningPlatform
@AutoConfigureObservability(tracing = false)
@QuickDeadLetters
class PoisonEventIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String LETTERS = "/api/v1/admin/dead-letters";

    private final TestRestTemplate http;
    private final JdbcTemplate jdbc;
    private final EventFeed feed;
    private final StoredEvents events;
    private final PlatformApi api;

    PoisonEventIT(TestRestTemplate http, JdbcTemplate jdbc, EventStore eventStore, TransactionTemplate transactions) {
        this.http = http;
        this.jdbc = jdbc;
        this.feed = new EventFeed(eventStore, transactions);
        this.events = new StoredEvents(jdbc);
        this.api = new PlatformApi(http);
    }

    @Test
    void aMailoutWhoseTextNoProcessorCanStoreIsParkedWhileOtherMailoutsAreDelivered() {
        api.importCustomers(5, "poisoned", 931);
        api.importCustomers(30, "canary", 932);
        UUID poison = UUID.randomUUID();
        Instant now = Instant.now();
        AudienceFilter filter = new AudienceFilter(List.of(), List.of("poisoned"));
        String text = "a\u0000b";
        feed.append(
                "Mailout",
                poison,
                new MailoutScheduled(poison, text, now, now.plusSeconds(3600), filter, null, false, Channel.SMS, null));
        feed.append(
                "Mailout",
                poison,
                new MailoutStarted(poison, now, text, filter, null, now.plusSeconds(3600), false, Channel.SMS, null));

        UUID canary = api.createMailoutStartingNow("canary");

        api.await(
                "/api/v1/stats/mailouts/" + canary,
                stats -> stats.read("$.messages.byStatus.SENT", Integer.class) == 30);
        // The audit trail copies no event (it reads them from the event store), so the audit has nothing to refuse.
        Map<String, List<Map<String, Object>>> parked = await("the processors park the poisoned mailout's events")
                .atMost(PATIENCE)
                .until(
                        () -> lettersOf(poison),
                        letters -> letters.keySet().containsAll(List.of("query-mailouts", "dispatch-audience")));
        Map<String, Object> letter = parked.get("query-mailouts").get(0);
        assertThat(letter.get("eventType")).isEqualTo("MailoutScheduled");
        assertThat(letter.get("aggregateId")).isEqualTo(poison.toString());
        assertThat((String) letter.get("error")).isNotBlank();
        assertThat((Integer) letter.get("tries")).isEqualTo(3);
        assertThat(letter.get("firstFailure")).isNotNull();
        api.importCustomers(10, "after-poison", 933);
        UUID after = api.createMailoutStartingNow("after-poison");
        api.await(
                "/api/v1/stats/mailouts/" + after,
                stats -> stats.read("$.messages.byStatus.SENT", Integer.class) == 10);

        ResponseEntity<String> health = http.getForEntity("/actuator/health", String.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(JsonPath.parse(health.getBody())
                        .read("$.components.deadLetters.details.parked.query-mailouts", Integer.class))
                .isPositive();
        assertThat(http.getForObject("/actuator/prometheus", String.class))
                .containsPattern("mailing_dead_letters\\{[^}]*processor=\"query-mailouts\"[^}]*} [1-9]");
        DocumentContext projection = api.get("/api/v1/admin/projections/mailouts");
        assertThat(projection.read("$.caughtUp", Boolean.class)).isFalse();
        assertThat(projection.read("$.deadLetters", Integer.class)).isPositive();
        assertThat(send(HttpMethod.GET, LETTERS, viewerToken()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        String id = (String) letter.get("id");
        DocumentContext retried = JsonPath.parse(http.postForObject(LETTERS + "/" + id + "/retry", null, String.class));
        assertThat(retried.read("$.retried", Integer.class)).isZero();
        assertThat(retried.read("$.stillParked", Integer.class)).isPositive();
        assertThat(api.get(LETTERS + "/" + id).read("$.tries", Integer.class)).isEqualTo(4);

        for (List<Map<String, Object>> letters : lettersOf(poison).values()) {
            for (Map<String, Object> each : letters) {
                assertThat(send(HttpMethod.DELETE, LETTERS + "/" + each.get("id"), null)
                                .getStatusCode())
                        .isEqualTo(HttpStatus.NO_CONTENT);
            }
        }
        assertThat(lettersOf(poison)).isEmpty();
        assertThat(events.withMetadata(
                        DeadLetterEvicted.class, e -> poison.toString().equals(e.aggregateId())))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.metadata()).containsEntry("principal", TestUsers.TOKEN_SUBJECT));
        api.await(
                "/api/v1/audit/mailouts/" + poison,
                trail -> trail.read("$.items[*].type", List.class).contains("DeadLetterEvicted"));
        await("health is back up")
                .atMost(PATIENCE)
                .until(() -> http.getForEntity("/actuator/health", String.class)
                        .getStatusCode()
                        .equals(HttpStatus.OK));
        api.await("/api/v1/admin/projections/mailouts", status -> status.read("$.caughtUp", Boolean.class));
    }

    @Test
    void anEventParkedForATableThatRefusedItIsHandledWhenRetriedAfterTheFix() {
        refuseInserts("query.customer", "NEW.phone", "79340000000", "phone refused by the test");
        String refused = register("+79340000000");
        String accepted = register("+79340000001");

        api.await("/api/v1/customers/" + accepted, customer -> true);
        Map<String, Object> letter = await("the refused customer's registration is parked")
                .atMost(PATIENCE)
                .until(
                        () -> lettersOf(UUID.fromString(refused)).getOrDefault("query-customers", List.of()),
                        letters -> !letters.isEmpty())
                .get(0);
        assertThat(letter.get("eventType")).isEqualTo("CustomerRegistered");
        assertThat((String) letter.get("error")).contains("phone refused by the test");
        assertThat(http.getForEntity("/api/v1/customers/" + refused, String.class)
                        .getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        jdbc.execute("DROP TRIGGER refuse_phone_79340000000 ON query.customer");
        DocumentContext retried =
                JsonPath.parse(http.postForObject(LETTERS + "/" + letter.get("id") + "/retry", null, String.class));

        assertThat(retried.read("$.retried", Integer.class)).isEqualTo(1);
        assertThat(retried.read("$.stillParked", Integer.class)).isZero();
        assertThat(api.get("/api/v1/customers/" + refused).read("$.phone", String.class))
                .isEqualTo("79340000000");
        assertThat(lettersOf(UUID.fromString(refused))).isEmpty();
    }

    /**
     * Two events of one batch that fail each count a try in every retry of the batch, and are parked together after
     * the third: the batch is not held up for the tries of one, then the other's (which, with the processor's growing
     * backoff, held the customer directory up for minutes). Axon's worker may start on the first event before its
     * coordinator hands it the second; the test allows for up to two extra tries of the first. The two customers are
     * in the same segment of the processor, so that their events come in one batch.
     */
    @Test
    void twoEventsThatFailInOneBatchAreParkedTogether() {
        refuseInserts("query.customer", "NEW.phone", "79390000001", "phone refused by the test");
        refuseInserts("query.customer", "NEW.phone", "79390000002", "phone refused by the test");
        UUID first = UUID.randomUUID();
        UUID second = inTheSameSegment(first);
        feed.appendAll(
                "Customer",
                List.of(
                        new EventFeed.Event(
                                first, new CustomerRegistered(first, "79390000001", "939", List.of(), "UTC", null)),
                        new EventFeed.Event(
                                second, new CustomerRegistered(second, "79390000002", "939", List.of(), "UTC", null))));
        String accepted = register("+79390000003");

        List<Map<String, Object>> parked = await("both refused registrations are parked")
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> Stream.of(first, second)
                                .flatMap(id -> lettersOf(id).getOrDefault("query-customers", List.of()).stream())
                                .toList(),
                        letters -> letters.size() == 2);
        // The processor's worker may start on the first event before the coordinator has handed it the second (a
        // busy machine): then the first alone fails once or twice more (seen: 5 and 3 in fresh-clone runs). Held up
        // for one, then the other, they would count 3 and 6, parked minutes apart (checked below).
        assertThat(parked)
                .extracting(letter -> (Integer) letter.get("tries"))
                .allSatisfy(tries -> assertThat(tries).isBetween(3, 5))
                .contains(3);
        Instant one = Instant.parse((String) parked.get(0).get("lastFailure"));
        Instant other = Instant.parse((String) parked.get(1).get("lastFailure"));
        // Parked in the same retry of their batch, a moment apart; or, when the worker started on the first alone,
        // one retry cycle apart (about 10 s on a busy machine). Held up for one's tries and then the other's, with the
        // processor's growing backoff, the directory waited minutes.
        assertThat(Duration.between(one, other).abs())
                .as("parked within one retry cycle of each other")
                .isLessThan(Duration.ofSeconds(30));
        api.await("/api/v1/customers/" + accepted, customer -> true);
        jdbc.execute("DROP TRIGGER refuse_phone_79390000001 ON query.customer");
        jdbc.execute("DROP TRIGGER refuse_phone_79390000002 ON query.customer");
    }

    @Test
    void aBatchTheDeliveryQueueRefusedIsParkedByTheSagaAndReleasedWhenRetriedAfterTheFix() {
        refuseInserts("sending.delivery_batch", "ANY (NEW.phones)", "79350000003", "queue refused by the test");
        api.importCustomers(10, "saga-refused", 935);
        api.importCustomers(10, "saga-canary", 936);

        UUID refused = api.createMailoutStartingNow("saga-refused");
        UUID canary = api.createMailoutStartingNow("saga-canary");

        api.await(
                "/api/v1/stats/mailouts/" + canary,
                stats -> stats.read("$.messages.byStatus.SENT", Integer.class) == 10);
        Map<String, Object> letter = await("the saga parks the batch the queue refused")
                .atMost(PATIENCE)
                .until(() -> lettersIn("mailout-dispatch", refused), letters -> !letters.isEmpty())
                .get(0);
        assertThat(letter.get("eventType")).isEqualTo("AudienceFixed");
        assertThat((String) letter.get("error")).contains("queue refused by the test");
        assertThat(api.get("/api/v1/stats/mailouts/" + refused).read("$.messages.total", Integer.class))
                .as("nothing of the refused batch was queued")
                .isZero();

        jdbc.execute("DROP TRIGGER refuse_phone_79350000003 ON sending.delivery_batch");
        DocumentContext retried =
                JsonPath.parse(http.postForObject(LETTERS + "/" + letter.get("id") + "/retry", null, String.class));

        assertThat(retried.read("$.retried", Integer.class)).isEqualTo(1);
        api.await(
                "/api/v1/stats/mailouts/" + refused,
                stats -> "COMPLETED".equals(stats.read("$.status"))
                        && stats.read("$.messages.byStatus.SENT", Integer.class) == 10);
        assertThat(lettersIn("mailout-dispatch", refused)).isEmpty();
    }

    /**
     * Another aggregate whose events a processor handles in the same segment as {@code aggregate}'s, whatever its
     * number of segments up to 256: Axon puts an event in the segment of its sequence's (the aggregate id's) hash
     * code's low bits.
     */
    private static UUID inTheSameSegment(UUID aggregate) {
        int bits = aggregate.toString().hashCode() & 0xFF;
        UUID other;
        do {
            other = UUID.randomUUID();
        } while ((other.toString().hashCode() & 0xFF) != bits);
        return other;
    }

    /**
     * Makes the table refuse (as a deterministic database error, SQLSTATE P0001) every row with this phone, until its
     * trigger {@code refuse_phone_<phone>} is dropped.
     *
     * @param phones where a row has its phone: {@code NEW.phone}, or {@code ANY (NEW.phones)} for a row of several
     */
    private void refuseInserts(String table, String phones, String phone, String error) {
        String schema = table.substring(0, table.indexOf('.'));
        String trigger = "refuse_phone_" + phone;
        jdbc.execute("CREATE FUNCTION " + schema + "." + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN IF '" + phone + "' = " + phones + " THEN RAISE EXCEPTION '" + error + "'; END IF;"
                + " RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER " + trigger + " BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION "
                + schema + "." + trigger + "()");
    }

    private String register(String phone) {
        return JsonPath.parse(api.send(
                        HttpMethod.POST,
                        "/api/v1/customers",
                        "{\"phone\":\"" + phone + "\",\"tags\":[\"refused\"],\"timeZone\":\"UTC\"}",
                        HttpStatus.CREATED))
                .read("$.id");
    }

    /** The letters about this aggregate, by processor. */
    private Map<String, List<Map<String, Object>>> lettersOf(UUID aggregate) {
        List<Map<String, Object>> items = api.get(LETTERS + "?size=500").read("$.items");
        return items.stream()
                .filter(item -> aggregate.toString().equals(item.get("aggregateId")))
                .collect(Collectors.groupingBy(item -> (String) item.get("processor")));
    }

    /** The letters of one processor in one sequence (a saga's parked events wait in their mailout's). */
    private List<Map<String, Object>> lettersIn(String processor, UUID sequence) {
        List<Map<String, Object>> items =
                api.get(LETTERS + "?size=500&processor=" + processor).read("$.items");
        return items.stream()
                .filter(item -> sequence.toString().equals(item.get("sequence")))
                .toList();
    }

    private ResponseEntity<String> send(HttpMethod method, String path, String token) {
        HttpHeaders headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        return http.exchange(path, method, new HttpEntity<>(headers), String.class);
    }

    private String viewerToken() {
        String body = "{\"username\":\"" + TestUsers.VIEWER + "\",\"password\":\"" + TestUsers.VIEWER_PASSWORD + "\"}";
        return JsonPath.parse(api.send(HttpMethod.POST, "/api/v1/auth/token", body, HttpStatus.OK))
                .read("$.accessToken");
    }
}
