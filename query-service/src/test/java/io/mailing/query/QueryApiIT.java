package io.mailing.query;

import static io.mailing.testsupport.JsonApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.MailoutChanged;
import io.mailing.events.mailout.MailoutClosed;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.testsupport.EventFeed;
import io.mailing.testsupport.JsonApi;
import io.mailing.testsupport.WithPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The query service alone on real PostgreSQL, fed the events the other services would append, read over HTTP: the
 * read models, statistics, audit trails, the as-of view, bad input, and a rebuild that gives the same figures.
 */
@WithPostgres
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiIT {

    private static final UUID ANN = UUID.randomUUID();
    private static final UUID BOB = UUID.randomUUID();
    private static final UUID CID = UUID.randomUUID();
    private static final UUID MAILOUT = UUID.randomUUID();
    private static final UUID TO_ANN = UUID.randomUUID();
    private static final UUID TO_BOB = UUID.randomUUID();
    /**
     * A minute ago: the story's events (up to 7 s after it) lie in the past when the tests read the timelines, which
     * end with the step that holds now (from now, near the end of a step, they fell past it).
     */
    private static final Instant START =
            Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);

    private static final Instant END = START.plus(Duration.ofHours(1));
    private static final AudienceFilter VIPS = new AudienceFilter(List.of(), List.of("vip"));

    private final TestRestTemplate http;
    private final EventFeed feed;
    private final JdbcTemplate jdbc;
    private Instant beforeChange;

    QueryApiIT(TestRestTemplate http, EventStore eventStore, TransactionTemplate transactions, JdbcTemplate jdbc) {
        this.http = http;
        this.jdbc = jdbc;
        this.feed = new EventFeed(eventStore, transactions);
    }

    /** Two VIP customers get the mailout: Ann's message is sent at the second attempt, Bob's fails for good. */
    @BeforeAll
    void appendTheStory() {
        feed.append(
                "Customer",
                ANN,
                new CustomerRegistered(ANN, "79160000001", "916", List.of("vip"), "UTC", "ann@example.com"));
        feed.append("Customer", BOB, new CustomerRegistered(BOB, "79160000002", "916", List.of(), "UTC", null));
        feed.append("Customer", CID, new CustomerRegistered(CID, "79260000003", "926", List.of("vip"), "UTC", null));
        feed.append(
                "Customer",
                BOB,
                new CustomerChanged(BOB, "79160000002", "916", List.of("vip"), "UTC", "bob@example.org"));
        feed.append("Customer", CID, new CustomerRemoved(CID, "79260000003", null));
        feed.append(
                "Mailout",
                MAILOUT,
                new MailoutScheduled(MAILOUT, "Old text", START, END, VIPS, null, false, Channel.SMS, null));
        beforeChange = Instant.now();
        await().until(() -> Instant.now().isAfter(beforeChange));
        feed.append(
                "Mailout",
                MAILOUT,
                new MailoutChanged(MAILOUT, "New text", START, END, VIPS, null, false, Channel.SMS, null));
        feed.append(
                "Mailout",
                MAILOUT,
                new MailoutStarted(MAILOUT, START, "New text", VIPS, null, END, false, Channel.SMS, null));
        Instant t = START.plusSeconds(1);
        feed.append("Message", TO_ANN, queued(TO_ANN, ANN, "79160000001", t));
        feed.append("Message", TO_BOB, queued(TO_BOB, BOB, "79160000002", t));
        feed.append(
                "Message", TO_ANN, attemptFailed(TO_ANN, ANN, ErrorKind.TIMEOUT, t.plusSeconds(1), t.plusSeconds(5)));
        feed.append("Message", TO_BOB, attemptFailed(TO_BOB, BOB, ErrorKind.CLIENT_ERROR, t.plusSeconds(1), null));
        feed.append(
                "Message",
                TO_BOB,
                new MessageFailed(TO_BOB, MAILOUT, BOB, 1, t.plusSeconds(1), ErrorKind.CLIENT_ERROR, "400 no"));
        feed.append("Message", TO_ANN, new MessageSent(TO_ANN, MAILOUT, ANN, 2, t.plusSeconds(5), t.plusSeconds(6)));
        feed.append("Mailout", MAILOUT, new MailoutClosed(MAILOUT, t.plusSeconds(7)));
        feed.publish(new MailoutCompleted(MAILOUT, t.plusSeconds(7), 2, 1, 1, 0, 0, 0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(get("/api/v1/stats/mailouts/" + MAILOUT).read("$.dispatchCompletedAt", String.class))
                    .isNotNull();
            assertThat(get("/api/v1/audit/customers/" + ANN).read("$.total", Integer.class))
                    .isEqualTo(4);
            assertThat(get("/api/v1/customers/" + CID).read("$.active", Boolean.class))
                    .isFalse();
        });
    }

    private static MessageQueued queued(UUID message, UUID customer, String phone, Instant at) {
        return new MessageQueued(
                message, MAILOUT, customer, 1L, phone, "New text", "UTC", null, END, at, Channel.SMS, null, null, null);
    }

    private static MessageAttemptFailed attemptFailed(
            UUID message, UUID customer, ErrorKind kind, Instant at, Instant retryAt) {
        return new MessageAttemptFailed(message, MAILOUT, customer, 1, at, at, kind, kind.name(), retryAt);
    }

    @Test
    void listsActiveCustomersByTagAndOperator() {
        DocumentContext vips = get("/api/v1/customers?tag=vip");
        assertThat(vips.read("$.items[*].id", List.class)).containsExactly(ANN.toString(), BOB.toString());
        assertThat(vips.read("$.total", Integer.class)).isEqualTo(2);

        DocumentContext page = get("/api/v1/customers?operatorCode=916&page=1&size=1");
        assertThat(page.read("$.items[*].id", List.class)).containsExactly(BOB.toString());
        assertThat(page.read("$", Map.class))
                .containsEntry("page", 1)
                .containsEntry("size", 1)
                .containsEntry("total", 2);

        DocumentContext bob = get("/api/v1/customers/" + BOB);
        assertThat(bob.read("$.tags", List.class)).containsExactly("vip");
        assertThat(bob.read("$.changedAt", String.class)).isNotNull();
    }

    @Test
    void searchesActiveCustomersByTheStartOfTheirPhone() {
        assertThat(get("/api/v1/customers?phone=7916").read("$.items[*].id", List.class))
                .containsExactly(ANN.toString(), BOB.toString());
        assertThat(get("/api/v1/customers?phone=+7 (916) 000-000-2").read("$.items[*].id", List.class))
                .as("normalised as a customer's phone")
                .containsExactly(BOB.toString());
        assertThat(get("/api/v1/customers?phone=7926").read("$.total", Integer.class))
                .as("a removed customer is not found")
                .isZero();
        assertThat(get("/api/v1/customers?phone=79&tag=vip&operatorCode=916&size=1")
                        .read("$", Map.class))
                .as("a prefix ending in 9 and the other filters")
                .containsEntry("total", 2)
                .containsEntry("size", 1);
        assertThat(get("/api/v1/customers?phone=").read("$.total", Integer.class))
                .as("a blank prefix filters nothing")
                .isEqualTo(2);
        assertProblem(http.getForEntity("/api/v1/customers?phone=79x", String.class), HttpStatus.BAD_REQUEST, "phone");
        assertProblem(
                http.getForEntity("/api/v1/customers?phone=7916000000000000", String.class),
                HttpStatus.BAD_REQUEST,
                "phone");
    }

    @Test
    void searchesActiveCustomersByTheStartOfTheirEmailAddressInAnyCase() {
        assertThat(get("/api/v1/customers?email=Ann@").read("$.items[*].id", List.class))
                .containsExactly(ANN.toString());
        assertThat(get("/api/v1/customers?email=b").read("$.items[*].email", List.class))
                .containsExactly("bob@example.org");
        assertThat(get("/api/v1/customers?email=example").read("$.total", Integer.class))
                .as("the start of the address, not any part")
                .isZero();
        assertThat(get("/api/v1/customers?email=ann@example.com&phone=7916&tag=vip")
                        .read("$.items[*].id", List.class))
                .containsExactly(ANN.toString());
        assertThat(get("/api/v1/customers/" + ANN).read("$.email", String.class))
                .isEqualTo("ann@example.com");
        assertProblem(
                http.getForEntity("/api/v1/customers?email=ann lee", String.class), HttpStatus.BAD_REQUEST, "email");
        assertProblem(
                http.getForEntity("/api/v1/customers?email=" + "a".repeat(255), String.class),
                HttpStatus.BAD_REQUEST,
                "email");
    }

    @Test
    void findsPhonesByPrefixThroughTheirIndex() {
        // Three rows make a sequential scan cheapest; without it, the planner shows which index answers the range.
        String plan = jdbc.execute((ConnectionCallback<String>) connection -> {
            StringBuilder lines = new StringBuilder();
            try (var statement = connection.createStatement()) {
                statement.execute("SET enable_seqscan = off");
                try (var rows = statement.executeQuery(
                        "EXPLAIN SELECT id FROM query.customer WHERE active AND phone COLLATE \"C\" >= '7916'"
                                + " AND phone COLLATE \"C\" < '7917' ORDER BY phone COLLATE \"C\", id")) {
                    while (rows.next()) {
                        lines.append(rows.getString(1)).append('\n');
                    }
                }
                statement.execute("RESET enable_seqscan");
            }
            return lines.toString();
        });
        assertThat(plan).contains("customer_phone");
    }

    @Test
    void showsTheMailoutWithItsMessagesByStatus() {
        DocumentContext mailout = get("/api/v1/mailouts/" + MAILOUT);
        assertThat(mailout.read("$.text", String.class)).isEqualTo("New text");
        assertThat(mailout.read("$.status", String.class)).isEqualTo("COMPLETED");
        assertThat(mailout.read("$.messages.total", Integer.class)).isEqualTo(2);
        assertThat(mailout.read("$.messages.byStatus", Map.class))
                .containsEntry("SENT", 1)
                .containsEntry("FAILED", 1)
                .containsEntry("QUEUED", 0);

        assertThat(get("/api/v1/mailouts?status=COMPLETED").read("$.items[*].id", List.class))
                .containsExactly(MAILOUT.toString());
        assertThat(get("/api/v1/mailouts?status=RUNNING").read("$.total", Integer.class))
                .isZero();

        DocumentContext failed = get("/api/v1/mailouts/" + MAILOUT + "/messages?status=FAILED");
        assertThat(failed.read("$.items[*].id", List.class)).containsExactly(TO_BOB.toString());
        assertThat(failed.read("$.total", Integer.class)).isEqualTo(1);
        assertThat(get("/api/v1/mailouts/" + MAILOUT + "/messages").read("$.items[*].id", List.class))
                .containsExactly(TO_ANN.toString(), TO_BOB.toString());

        DocumentContext message = get("/api/v1/messages/" + TO_ANN);
        assertThat(message.read("$.status", String.class)).isEqualTo("SENT");
        assertThat(message.read("$.attempts", Integer.class)).isEqualTo(2);
        assertThat(message.read("$.lastError.kind", String.class)).isEqualTo("TIMEOUT");
        assertThat(get("/api/v1/messages/" + TO_BOB).read("$.reason", String.class))
                .isEqualTo("400 no");
    }

    @Test
    void countsEverythingInTheStatistics() {
        DocumentContext stats = get("/api/v1/stats");
        assertThat(stats.read("$.totals.mailouts.byStatus.COMPLETED", Integer.class))
                .isEqualTo(1);
        assertThat(stats.read("$.totals.messages.total", Integer.class)).isEqualTo(2);
        assertThat(stats.read("$.totals.messages.byStatus.SENT", Integer.class)).isEqualTo(1);
        assertThat(stats.read("$.mailouts.items[0].messages.byStatus.FAILED", Integer.class))
                .isEqualTo(1);

        DocumentContext detail = get("/api/v1/stats/mailouts/" + MAILOUT);
        assertThat(detail.read("$.attempts", Map.class))
                .containsEntry("total", 3)
                .containsEntry("failed", 2);
        assertThat(detail.read("$.failureReasons[*].errorKind", List.class))
                .containsExactlyInAnyOrder("TIMEOUT", "CLIENT_ERROR");
        assertThat(detail.read("$.failureReasons[?(@.errorKind == 'CLIENT_ERROR')].failedMessages", List.class))
                .containsExactly(1);
        assertThat(detail.read("$.startedAt", String.class)).isEqualTo(START.toString());
        assertThat(detail.read("$.completedAt", String.class)).isNotNull();
        assertThat(detail.read("$.throughput.finishedPerSecond", Double.class)).isPositive();
    }

    @Test
    void countsTheMessagesFinishedInEachMinute() {
        Instant sentMinute = START.plusSeconds(7).truncatedTo(ChronoUnit.MINUTES);
        DocumentContext mailout = get("/api/v1/stats/mailouts/" + MAILOUT + "/timeline");
        assertThat(mailout.read("$.stepMinutes", Integer.class)).isEqualTo(1);
        assertThat(sum(mailout, "total")).isEqualTo(2);
        assertThat(sum(mailout, "byStatus.SENT")).isEqualTo(1);
        assertThat(sum(mailout, "byStatus.FAILED")).isEqualTo(1);
        assertThat(mailout.read("$.points[-1:].at", List.class)).containsExactly(sentMinute.toString());
        assertThat(mailout.read("$.points[-1:].byStatus.SENT", List.class)).containsExactly(1);
        assertThat(mailout.read("$.to", String.class))
                .isEqualTo(sentMinute.plusSeconds(60).toString());

        DocumentContext coarse = get("/api/v1/stats/mailouts/" + MAILOUT + "/timeline?step=60&since=" + START);
        assertThat(coarse.read("$.points[*].total", List.class)).containsExactly(2);

        DocumentContext platform = get("/api/v1/stats/timeline?hours=1&step=5");
        assertThat(platform.read("$.stepMinutes", Integer.class)).isEqualTo(5);
        assertThat(platform.read("$.points.length()", Integer.class)).isEqualTo(12);
        assertThat(sum(platform, "total")).isEqualTo(2);
        assertThat(sum(platform, "byStatus.EXPIRED")).isZero();
        assertThat(Instant.parse(platform.read("$.to", String.class))).isAfter(Instant.now());
        assertThat(get("/api/v1/stats/timeline").read("$.points.length()", Integer.class))
                .as("three hours by the minute")
                .isEqualTo(180);
    }

    private static long sum(DocumentContext timeline, String field) {
        List<Number> values = timeline.read("$.points[*]." + field);
        return values.stream().mapToLong(Number::longValue).sum();
    }

    @Test
    void tellsEachSubjectsStoryInOrderAPageAtATime() {
        DocumentContext message = get("/api/v1/audit/messages/" + TO_ANN);
        assertThat(message.read("$.items[*].type", List.class))
                .containsExactly("MessageQueued", "MessageAttemptFailed", "MessageSent");
        assertThat(message.read("$.items[0].payload.phone", String.class)).isEqualTo("79160000001");
        assertThat(message.read("$.items[0].occurredAt", String.class)).isNotNull();

        DocumentContext customer = get("/api/v1/audit/customers/" + BOB);
        assertThat(customer.read("$.items[*].type", List.class))
                .containsExactly(
                        "CustomerRegistered",
                        "CustomerChanged",
                        "MessageQueued",
                        "MessageAttemptFailed",
                        "MessageFailed");

        DocumentContext first = get("/api/v1/audit/mailouts/" + MAILOUT + "?size=4");
        assertThat(first.read("$.total", Integer.class)).isEqualTo(11);
        assertThat(first.read("$.items[*].type", List.class))
                .containsExactly("MailoutScheduled", "MailoutChanged", "MailoutStarted", "MessageQueued");
        Long next = first.read("$.next", Long.class);
        DocumentContext rest = get("/api/v1/audit/mailouts/" + MAILOUT + "?size=100&after=" + next);
        assertThat(rest.read("$.items[*].type", List.class))
                .containsExactly(
                        "MessageQueued",
                        "MessageAttemptFailed",
                        "MessageAttemptFailed",
                        "MessageFailed",
                        "MessageSent",
                        "MailoutClosed",
                        "MailoutCompleted");
        assertThat(rest.read("$.next", Long.class)).isNull();
        List<Integer> positions = rest.read("$.items[*].position");
        assertThat(positions).isSorted().allMatch(p -> p > next);
    }

    @Test
    void rebuildsTheMailoutAsItWasAtAnEarlierInstant() {
        DocumentContext before = get("/api/v1/mailouts/" + MAILOUT + "?asOf=" + beforeChange);
        assertThat(before.read("$.text", String.class)).isEqualTo("Old text");
        assertThat(before.read("$.status", String.class)).isEqualTo("SCHEDULED");
        assertThat(before.read("$.asOf", String.class)).isEqualTo(beforeChange.toString());

        DocumentContext now = get("/api/v1/mailouts/" + MAILOUT + "?asOf=" + Instant.now());
        assertThat(now.read("$.text", String.class)).isEqualTo("New text");
        assertThat(now.read("$.status", String.class)).isEqualTo("COMPLETED");

        assertProblem(
                http.getForEntity("/api/v1/mailouts/" + MAILOUT + "?asOf=2000-01-01T00:00:00Z", String.class),
                HttpStatus.NOT_FOUND);
        assertProblem(
                http.getForEntity("/api/v1/mailouts/" + ANN + "?asOf=" + Instant.now(), String.class),
                HttpStatus.NOT_FOUND);
    }

    @Test
    void listsTheMailoutsThatWereRunningInASpanOfTime() {
        // The mailout ran from START to its close at START + 8 s.
        assertThat(running(START.minus(Duration.ofHours(1)), START.plusSeconds(1)))
                .containsExactly(MAILOUT.toString());
        assertThat(running(START.plusSeconds(7), START.plus(Duration.ofHours(1))))
                .containsExactly(MAILOUT.toString());
        assertThat(running(START.minus(Duration.ofHours(1)), START))
                .as("not started yet")
                .isEmpty();
        assertThat(running(START.plusSeconds(9), START.plus(Duration.ofHours(1))))
                .as("over already")
                .isEmpty();
    }

    private List<String> running(Instant from, Instant until) {
        return get("/api/v1/mailouts?runningFrom=" + from + "&runningUntil=" + until)
                .read("$.items[*].id", List.class);
    }

    @Test
    void refusesBadParametersNamingThem() {
        assertProblem(
                http.getForEntity("/api/v1/customers?page=-1&size=0", String.class),
                HttpStatus.BAD_REQUEST,
                "page",
                "size");
        assertProblem(
                http.getForEntity("/api/v1/mailouts?status=LOST", String.class), HttpStatus.BAD_REQUEST, "status");
        assertProblem(
                http.getForEntity("/api/v1/mailouts?runningFrom=" + START, String.class),
                HttpStatus.BAD_REQUEST,
                "runningUntil");
        assertProblem(
                http.getForEntity("/api/v1/mailouts?runningFrom=" + END + "&runningUntil=" + START, String.class),
                HttpStatus.BAD_REQUEST,
                "runningUntil");
        assertProblem(
                http.getForEntity(
                        "/api/v1/mailouts?runningFrom=1900-01-01T00:00:00Z&runningUntil=" + START, String.class),
                HttpStatus.BAD_REQUEST,
                "runningFrom");
        assertProblem(
                http.getForEntity("/api/v1/mailouts/" + MAILOUT + "?asOf=yesterday", String.class),
                HttpStatus.BAD_REQUEST,
                "asOf");
        assertProblem(
                http.getForEntity("/api/v1/mailouts/" + MAILOUT + "/messages?status=LOST", String.class),
                HttpStatus.BAD_REQUEST,
                "status");
        assertProblem(
                http.getForEntity("/api/v1/audit/mailouts/" + MAILOUT + "?size=5000", String.class),
                HttpStatus.BAD_REQUEST,
                "size");
        assertProblem(
                http.getForEntity("/api/v1/audit/mailouts/" + MAILOUT + "?after=-3", String.class),
                HttpStatus.BAD_REQUEST,
                "after");
        assertProblem(http.getForEntity("/api/v1/customers/not-a-uuid", String.class), HttpStatus.BAD_REQUEST, "id");
        assertProblem(
                http.getForEntity("/api/v1/stats/timeline?hours=25&step=0", String.class),
                HttpStatus.BAD_REQUEST,
                "hours");
        assertProblem(
                http.getForEntity("/api/v1/stats/timeline?step=61", String.class), HttpStatus.BAD_REQUEST, "step");
        assertProblem(
                http.getForEntity("/api/v1/stats/mailouts/" + MAILOUT + "/timeline?step=0", String.class),
                HttpStatus.BAD_REQUEST,
                "step");
        assertProblem(
                http.getForEntity(
                        "/api/v1/stats/mailouts/" + MAILOUT + "/timeline?step=1&since=2026-01-01T00:00:00Z",
                        String.class),
                HttpStatus.BAD_REQUEST,
                "step");
    }

    @Test
    void answersUnknownIdsWith404() {
        UUID unknown = UUID.randomUUID();
        for (String path : List.of(
                "/api/v1/customers/",
                "/api/v1/mailouts/",
                "/api/v1/messages/",
                "/api/v1/stats/mailouts/",
                "/api/v1/audit/mailouts/",
                "/api/v1/audit/messages/",
                "/api/v1/audit/customers/")) {
            DocumentContext problem =
                    assertProblem(http.getForEntity(path + unknown, String.class), HttpStatus.NOT_FOUND);
            assertThat(problem.read("$.id", String.class)).isEqualTo(unknown.toString());
        }
        assertProblem(
                http.getForEntity("/api/v1/mailouts/" + unknown + "/messages", String.class), HttpStatus.NOT_FOUND);
        assertProblem(
                http.getForEntity("/api/v1/stats/mailouts/" + unknown + "/timeline", String.class),
                HttpStatus.NOT_FOUND);
        assertProblem(
                http.postForEntity("/api/v1/admin/projections/nonsense/replay", null, String.class),
                HttpStatus.NOT_FOUND);
    }

    @Test
    void rebuildingEveryProjectionGivesTheSameFigures() {
        String stats = get("/api/v1/stats").jsonString();
        String detail = get("/api/v1/stats/mailouts/" + MAILOUT).jsonString();
        String timeline = get("/api/v1/stats/mailouts/" + MAILOUT + "/timeline").jsonString();
        String trail = get("/api/v1/audit/mailouts/" + MAILOUT).jsonString();
        String customers = get("/api/v1/customers?tag=vip").jsonString();

        for (String projection : List.of("customers", "mailouts", "audit")) {
            ResponseEntity<String> replay =
                    http.postForEntity("/api/v1/admin/projections/" + projection + "/replay", null, String.class);
            assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> projections =
                    get("/api/v1/admin/projections").read("$");
            assertThat(projections)
                    .hasSize(3)
                    .allSatisfy(p -> assertThat(p)
                            .containsEntry("running", true)
                            .containsEntry("replaying", false)
                            .containsEntry("caughtUp", true));
            assertThat(get("/api/v1/stats").jsonString()).isEqualTo(stats);
            assertThat(get("/api/v1/stats/mailouts/" + MAILOUT).jsonString()).isEqualTo(detail);
            assertThat(get("/api/v1/stats/mailouts/" + MAILOUT + "/timeline").jsonString())
                    .isEqualTo(timeline);
            assertThat(get("/api/v1/audit/mailouts/" + MAILOUT).jsonString()).isEqualTo(trail);
            assertThat(get("/api/v1/customers?tag=vip").jsonString()).isEqualTo(customers);
        });
    }

    private DocumentContext get(String path) {
        return new JsonApi(http).get(path);
    }
}
