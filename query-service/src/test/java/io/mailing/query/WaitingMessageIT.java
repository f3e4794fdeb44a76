package io.mailing.query;

import static io.mailing.testsupport.JsonApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.message.MessageIds;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.testsupport.EventFeed;
import io.mailing.testsupport.JsonApi;
import io.mailing.testsupport.WithPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A message waiting for its first attempt has no row in {@code query.message}: it is counted in its mailout's
 * figures, read by id from its events, in its customer's trail, and listed once it has been attempted.
 */
@WithPostgres
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WaitingMessageIT {

    private static final UUID DAN = UUID.randomUUID();
    private static final UUID MAILOUT = UUID.randomUUID();
    private static final UUID TO_DAN = MessageIds.of(MAILOUT, DAN);
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant END = START.plus(Duration.ofHours(1));
    private static final AudienceFilter VIPS = new AudienceFilter(List.of(), List.of("vip"));

    private final TestRestTemplate http;
    private final EventFeed feed;
    private final JdbcTemplate jdbc;

    WaitingMessageIT(
            TestRestTemplate http, EventStore eventStore, TransactionTemplate transactions, JdbcTemplate jdbc) {
        this.http = http;
        this.jdbc = jdbc;
        this.feed = new EventFeed(eventStore, transactions);
    }

    @Test
    void aWaitingMessageIsCountedReadFromItsEventsAndInItsCustomersTrailThenListedOnceSent() {
        feed.append("Customer", DAN, new CustomerRegistered(DAN, "79160000004", "916", List.of("vip"), "UTC", null));
        feed.append(
                "Mailout",
                MAILOUT,
                new MailoutScheduled(MAILOUT, "Hello", START, END, VIPS, null, false, Channel.SMS, null));
        feed.append(
                "Mailout",
                MAILOUT,
                new MailoutStarted(MAILOUT, START, "Hello", VIPS, null, END, false, Channel.SMS, null));
        Instant queuedAt = START.plusSeconds(1);
        feed.append(
                "Message",
                TO_DAN,
                new MessageQueued(
                        TO_DAN,
                        MAILOUT,
                        DAN,
                        1L,
                        "79160000004",
                        "Hello",
                        "UTC",
                        null,
                        END,
                        queuedAt,
                        Channel.SMS,
                        null,
                        null,
                        null));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                get("/api/v1/mailouts/" + MAILOUT).read("$.messages.byStatus.QUEUED", Integer.class))
                        .isEqualTo(1));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(get("/api/v1/audit/customers/" + DAN).read("$.items[*].type", List.class))
                                .containsExactly("CustomerRegistered", "MessageQueued"));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.message", Long.class))
                .isZero();
        DocumentContext waiting = get("/api/v1/messages/" + TO_DAN);
        assertThat(waiting.read("$.status", String.class)).isEqualTo("QUEUED");
        assertThat(waiting.read("$.phone", String.class)).isEqualTo("79160000004");
        assertThat(waiting.read("$.queuedAt", String.class)).isEqualTo(queuedAt.toString());
        DocumentContext listed = get("/api/v1/mailouts/" + MAILOUT + "/messages");
        assertThat(listed.read("$.items", List.class)).isEmpty();
        assertThat(listed.read("$.total", Integer.class)).isZero();
        assertProblem(
                http.getForEntity("/api/v1/mailouts/" + MAILOUT + "/messages?status=QUEUED", String.class),
                HttpStatus.BAD_REQUEST,
                "status");

        Instant sentAt = queuedAt.plusSeconds(2);
        feed.append("Message", TO_DAN, new MessageSent(TO_DAN, MAILOUT, DAN, 1, sentAt, sentAt));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                get("/api/v1/mailouts/" + MAILOUT + "/messages").read("$.items[*].id", List.class))
                        .containsExactly(TO_DAN.toString()));

        DocumentContext sent = get("/api/v1/messages/" + TO_DAN);
        assertThat(sent.read("$.status", String.class)).isEqualTo("SENT");
        assertThat(sent.read("$.phone", String.class)).isEqualTo("79160000004");
        assertThat(sent.read("$.queuedAt", String.class)).isEqualTo(queuedAt.toString());
        assertThat(get("/api/v1/audit/customers/" + DAN).read("$.items[*].type", List.class))
                .as("the message's events once each, now through its row")
                .containsExactly("CustomerRegistered", "MessageQueued", "MessageSent");
    }

    private DocumentContext get(String path) {
        return new JsonApi(http).get(path);
    }
}
