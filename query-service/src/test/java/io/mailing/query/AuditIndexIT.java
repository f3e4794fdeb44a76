package io.mailing.query;

import static io.mailing.testsupport.JsonApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.mailout.AudienceBatchReleased;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.testsupport.EventFeed;
import io.mailing.testsupport.JsonApi;
import io.mailing.testsupport.WithPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail read from the event store: a mailout's messages cost its trail a row of the audit index per
 * processed batch, not per event, and none for the message's and the customer's trails, which still tell their
 * events in order with who caused them; and pages come in stream order even from index rows written out of order.
 */
@WithPostgres
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditIndexIT {

    private static final int MESSAGES = 600;
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant END = START.plus(Duration.ofHours(1));
    private static final AudienceFilter EVERYONE = new AudienceFilter(List.of(), List.of());
    private static final Map<String, String> BY_OPERATOR = Map.of("principal", "operator");
    private static final Map<String, String> BY_SAGA = Map.of("principal", "sending-saga");

    private final TestRestTemplate http;
    private final EventFeed feed;
    private final JdbcTemplate jdbc;
    private final int batchSize;

    AuditIndexIT(
            TestRestTemplate http,
            EventStore eventStore,
            TransactionTemplate transactions,
            JdbcTemplate jdbc,
            @Value("${axon.eventhandling.processors.query-audit.batch-size}") int batchSize) {
        this.http = http;
        this.jdbc = jdbc;
        this.feed = new EventFeed(eventStore, transactions);
        this.batchSize = batchSize;
    }

    @Test
    void indexesAMailoutsMessagesOncePerBatchAndTheirOwnTrailsNotAtAll() {
        UUID mailout = UUID.randomUUID();
        UUID ann = UUID.randomUUID();
        feed.append(
                "Customer",
                ann,
                new CustomerRegistered(ann, "79160000001", "916", List.of(), "UTC", null),
                BY_OPERATOR);
        feed.append(
                "Mailout",
                mailout,
                new MailoutScheduled(mailout, "Hello", START, END, EVERYONE, null, false, Channel.SMS, null),
                BY_OPERATOR);
        feed.append(
                "Mailout",
                mailout,
                new MailoutStarted(mailout, START, "Hello", EVERYONE, null, END, false, Channel.SMS, null),
                BY_OPERATOR);
        List<UUID> messages = new ArrayList<>();
        List<UUID> customers = new ArrayList<>();
        List<EventFeed.Event> queued = new ArrayList<>();
        List<EventFeed.Event> sent = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            UUID message = UUID.randomUUID();
            UUID customer = i < 2 ? ann : UUID.randomUUID();
            messages.add(message);
            customers.add(customer);
            queued.add(new EventFeed.Event(
                    message,
                    new MessageQueued(
                            message,
                            mailout,
                            customer,
                            i,
                            "7916" + i,
                            "Hello",
                            "UTC",
                            null,
                            END,
                            START,
                            Channel.SMS,
                            null,
                            null,
                            null),
                    BY_SAGA));
            sent.add(new EventFeed.Event(
                    message, new MessageSent(message, mailout, customer, 1, START, START), BY_SAGA));
        }
        List<EventFeed.Event> messageEvents = new ArrayList<>(queued);
        messageEvents.addAll(sent);
        feed.appendAll("Message", messageEvents);
        feed.publish(new MailoutCompleted(mailout, END, MESSAGES, MESSAGES, 0, 0, 0, 0));
        int events = 2 + 2 * MESSAGES + 1;

        await().atMost(Duration.ofSeconds(60))
                .until(() -> trailTotal("mailouts", mailout) == events && trailTotal("customers", ann) == 5);

        int indexed = 2 * MESSAGES + 1;
        Integer rows = jdbc.queryForObject(
                "SELECT count(*) FROM query.audit_index WHERE subject = 'MAILOUT' AND subject_id = ?",
                Integer.class,
                mailout);
        // One row per processed batch: the processor takes the burst in batches of up to batchSize, as the event
        // store hands it the events (100 a fetch), so a few rows; one per event or per message would be 1,201 or 600.
        assertThat(rows)
                .as("index rows for %d indexed events in batches of up to %d", indexed, batchSize)
                .isBetween((indexed + batchSize - 1) / batchSize, indexed / 50);
        List<UUID> othersTrails = new ArrayList<>(messages);
        othersTrails.addAll(customers);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM query.audit_index WHERE subject_id = ANY (?)", Integer.class, (Object)
                                othersTrails.toArray(UUID[]::new)))
                .as("index rows of the messages' and customers' trails")
                .isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM query.audit_index_size WHERE subject_id = ANY (?)",
                        Integer.class,
                        (Object) othersTrails.toArray(UUID[]::new)))
                .isZero();

        DocumentContext message = get("/api/v1/audit/messages/" + messages.get(0));
        assertThat(message.read("$.items[*].type", List.class)).containsExactly("MessageQueued", "MessageSent");
        assertThat(message.read("$.items[*].metadata.principal", List.class))
                .containsExactly("sending-saga", "sending-saga");
        assertThat(message.read("$.items[*].mailoutId", List.class)).containsOnly(mailout.toString());
        assertThat(message.read("$.items[*].customerId", List.class)).containsOnly(ann.toString());
        assertThat(message.read("$.total", Integer.class)).isEqualTo(2);

        DocumentContext customer = get("/api/v1/audit/customers/" + ann);
        assertThat(customer.read("$.items[*].type", List.class))
                .containsExactly("CustomerRegistered", "MessageQueued", "MessageQueued", "MessageSent", "MessageSent");
        assertThat(customer.read("$.items[*].messageId", List.class))
                .containsExactly(
                        null,
                        messages.get(0).toString(),
                        messages.get(1).toString(),
                        messages.get(0).toString(),
                        messages.get(1).toString());
        assertThat(customer.read("$.items[0].metadata.principal", String.class)).isEqualTo("operator");
        List<Long> customerPositions = positions(customer);
        assertThat(customerPositions).isSorted().doesNotHaveDuplicates();

        List<Long> all = wholeTrail(mailout, 37);
        assertThat(all).hasSize(events).isSorted().doesNotHaveDuplicates();
        assertThat(get("/api/v1/audit/mailouts/" + mailout + "?size=3").read("$.items[*].type", List.class))
                .containsExactly("MailoutScheduled", "MailoutStarted", "MessageQueued");

        assertProblem(http.getForEntity("/api/v1/audit/messages/" + mailout, String.class), HttpStatus.NOT_FOUND);
        assertProblem(http.getForEntity("/api/v1/audit/mailouts/" + ann, String.class), HttpStatus.NOT_FOUND);
    }

    /**
     * Index rows written out of stream order (a parked event retried later, a trail's events handled in different
     * segments) still give pages in stream order: here one row holds every other position of the trail, spanning it
     * all, and each of the others has a row of its own.
     */
    @Test
    void pagesComeInStreamOrderFromRowsWrittenOutOfOrder() {
        UUID mailout = UUID.randomUUID();
        for (int batch = 1; batch <= 12; batch++) {
            feed.publish(new AudienceBatchReleased(mailout, batch, 10, UUID.randomUUID(), batch == 12));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> trailTotal("mailouts", mailout) == 12);
        List<Long> positions = wholeTrail(mailout, 100);

        jdbc.update("DELETE FROM query.audit_index WHERE subject = 'MAILOUT' AND subject_id = ?", mailout);
        List<Long> everyOther = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            if (i % 2 == 1) {
                everyOther.add(positions.get(i));
            } else {
                insertRow(mailout, List.of(positions.get(i)));
            }
        }
        insertRow(mailout, everyOther);
        jdbc.update(
                "UPDATE query.audit_index_size SET max_span = ? WHERE subject = 'MAILOUT' AND subject_id = ?",
                everyOther.get(everyOther.size() - 1) - everyOther.get(0),
                mailout);

        for (int size : List.of(1, 2, 5, 12)) {
            assertThat(wholeTrail(mailout, size)).as("pages of %d", size).isEqualTo(positions);
        }
    }

    private void insertRow(UUID mailout, List<Long> positions) {
        jdbc.update(
                "INSERT INTO query.audit_index (subject, subject_id, first_position, last_position, positions)"
                        + " VALUES ('MAILOUT', ?, ?, ?, ?)",
                mailout,
                positions.get(0),
                positions.get(positions.size() - 1),
                positions.toArray(Long[]::new));
    }

    private List<Long> wholeTrail(UUID mailout, int size) {
        List<Long> all = new ArrayList<>();
        Long next = 0L;
        while (next != null) {
            DocumentContext page = get("/api/v1/audit/mailouts/" + mailout + "?size=" + size + "&after=" + next);
            all.addAll(positions(page));
            next = page.read("$.next", Long.class);
        }
        return all;
    }

    private static List<Long> positions(DocumentContext page) {
        List<Number> positions = page.read("$.items[*].position");
        return positions.stream().map(Number::longValue).toList();
    }

    private long trailTotal(String subject, UUID id) {
        ResponseEntity<String> response = http.getForEntity("/api/v1/audit/" + subject + "/" + id, String.class);
        return response.getStatusCode() == HttpStatus.OK
                ? JsonPath.parse(response.getBody()).read("$.total", Long.class)
                : -1;
    }

    private DocumentContext get(String path) {
        return new JsonApi(http).get(path);
    }
}
