package io.mailing.query.optout;

import static io.mailing.testsupport.JsonApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.EmailContent;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageSuppressed;
import io.mailing.events.optout.AddressOptedOut;
import io.mailing.events.optout.OptOutIds;
import io.mailing.events.optout.OptOutSource;
import io.mailing.events.optout.OptOutWithdrawn;
import io.mailing.query.QueryServiceApplication;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The opt-out lists and suppressed messages as the query service shows them, fed the events the command and sending
 * services would append, read over HTTP: the lists (search, withdrawal), an opt-out's trail with the message it
 * stopped, and the mailout's statistics counting that message {@code SUPPRESSED}.
 */
@WithPostgres
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OptOutQueryIT {

    private static final String TAG = UUID.randomUUID().toString().substring(0, 8);
    private static final String ANN = "ann." + TAG + "@example.com";
    private static final String BOB = "bob." + TAG + "@example.com";
    private static final String GONE = "gone." + TAG + "@example.com";
    private static final String PHONE = "7916" + String.format("%07d", Math.floorMod(TAG.hashCode(), 10_000_000));
    private static final UUID MAILOUT = UUID.randomUUID();
    private static final UUID TO_ANN = UUID.randomUUID();
    private static final UUID TO_CID = UUID.randomUUID();
    private static final UUID ANN_ID = UUID.randomUUID();
    private static final UUID CID_ID = UUID.randomUUID();
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final TestRestTemplate http;
    private final JsonApi api;
    private final EventFeed feed;

    OptOutQueryIT(TestRestTemplate http, EventStore eventStore, TransactionTemplate transactions) {
        this.http = http;
        this.api = new JsonApi(http);
        this.feed = new EventFeed(eventStore, transactions);
    }

    @BeforeAll
    void appendTheStory() {
        optOut(Channel.EMAIL, ANN, OptOutSource.RECIPIENT, AT);
        optOut(Channel.EMAIL, BOB, OptOutSource.IMPORT, AT.plusSeconds(1));
        optOut(Channel.EMAIL, GONE, OptOutSource.OPERATOR, AT.plusSeconds(2));
        optOut(Channel.SMS, PHONE, OptOutSource.OPERATOR, AT.plusSeconds(3));
        UUID gone = OptOutIds.of(Channel.EMAIL, GONE);
        feed.append("OptOut", gone, new OptOutWithdrawn(gone, Channel.EMAIL, GONE, AT.plusSeconds(4)));
        Instant end = AT.plus(Duration.ofHours(1));
        AudienceFilter filter = new AudienceFilter(List.of(), List.of(TAG));
        EmailContent content = new EmailContent("News", null);
        feed.append(
                "Mailout",
                MAILOUT,
                new MailoutScheduled(MAILOUT, "News", AT, end, filter, null, false, Channel.EMAIL, content));
        feed.append(
                "Mailout",
                MAILOUT,
                new MailoutStarted(MAILOUT, AT, "News", filter, null, end, false, Channel.EMAIL, content));
        feed.append("Message", TO_ANN, queued(TO_ANN, ANN_ID, ANN, end));
        feed.append("Message", TO_CID, queued(TO_CID, CID_ID, "cid." + TAG + "@example.com", end));
        feed.append(
                "Message",
                TO_ANN,
                new MessageSuppressed(
                        TO_ANN,
                        MAILOUT,
                        ANN_ID,
                        0,
                        AT.plusSeconds(5),
                        OptOutIds.of(Channel.EMAIL, ANN),
                        "the address is on the e-mail opt-out list"));
        feed.append("Message", TO_CID, new MessageSent(TO_CID, MAILOUT, CID_ID, 1, AT, AT.plusSeconds(5)));
        // Each projection (customers and their opt-outs, mailouts and their messages, the audit index) reads at its
        // own pace: every one has read the whole story once its position is the stream's head.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> projections =
                    api.get("/api/v1/admin/projections").read("$[*]");
            assertThat(projections).isNotEmpty().allSatisfy(projection -> {
                assertThat(projection.get("position"))
                        .as("%s", projection.get("name"))
                        .isNotNull();
                assertThat(((Number) projection.get("position")).longValue())
                        .as("%s", projection.get("name"))
                        .isGreaterThanOrEqualTo(((Number) projection.get("head")).longValue());
            });
        });
    }

    private void optOut(Channel channel, String address, OptOutSource source, Instant at) {
        UUID id = OptOutIds.of(channel, address);
        feed.append(
                "OptOut",
                id,
                new AddressOptedOut(
                        id, channel, address, source, source == OptOutSource.RECIPIENT ? TO_ANN : null, at));
    }

    private static MessageQueued queued(UUID message, UUID customer, String email, Instant end) {
        return new MessageQueued(
                message, MAILOUT, customer, 1L, null, "News", "UTC", null, end, AT, Channel.EMAIL, email, null, null);
    }

    @Test
    void listsEachChannelsAddressesNewestFirstAndFindsThemByTheirStart() {
        DocumentContext emails = api.get("/api/v1/opt-outs?channel=EMAIL&address=" + "ANN." + TAG.toUpperCase());
        assertThat(emails.read("$.total", Integer.class)).isEqualTo(1);
        assertThat(emails.read("$.items[0].address", String.class)).isEqualTo(ANN);
        assertThat(emails.read("$.items[0].source", String.class)).isEqualTo("RECIPIENT");
        assertThat(emails.read("$.items[0].messageId", String.class)).isEqualTo(TO_ANN.toString());

        DocumentContext all = api.get("/api/v1/opt-outs?size=1000");
        List<String> addresses = all.read("$.items[*].address");
        assertThat(addresses)
                .as("newest first; a withdrawn opt-out is gone")
                .containsSubsequence(PHONE, BOB, ANN)
                .doesNotContain(GONE);

        DocumentContext phones = api.get("/api/v1/opt-outs?channel=SMS&address=+" + PHONE.substring(0, 6));
        assertThat(phones.read("$.items[*].address", List.class))
                .contains(PHONE)
                .doesNotContain(ANN);
    }

    @Test
    void readsOneAddressAsTheListKeepsIt() {
        assertThat(api.get("/api/v1/opt-outs/EMAIL/" + BOB.toUpperCase()).read("$.source", String.class))
                .isEqualTo("IMPORT");
        assertProblem(http.getForEntity("/api/v1/opt-outs/EMAIL/" + GONE, String.class), HttpStatus.NOT_FOUND);
        assertProblem(
                http.getForEntity("/api/v1/opt-outs?address=ann", String.class), HttpStatus.BAD_REQUEST, "address");
        assertProblem(
                http.getForEntity("/api/v1/opt-outs?channel=SMS&address=ann", String.class),
                HttpStatus.BAD_REQUEST,
                "phone");
    }

    @Test
    void anOptOutsTrailHoldsItsHistoryAndTheMessagesItStopped() {
        DocumentContext trail = api.get("/api/v1/audit/opt-outs/" + OptOutIds.of(Channel.EMAIL, ANN));
        assertThat(trail.read("$.items[*].type", List.class)).containsExactly("AddressOptedOut", "MessageSuppressed");
        DocumentContext withdrawn = api.get("/api/v1/audit/opt-outs/" + OptOutIds.of(Channel.EMAIL, GONE));
        assertThat(withdrawn.read("$.items[*].type", List.class)).containsExactly("AddressOptedOut", "OptOutWithdrawn");
    }

    @Test
    void aSuppressedMessageShowsItsReasonAndCountsInItsMailoutsStatistics() {
        DocumentContext message = api.get("/api/v1/messages/" + TO_ANN);
        assertThat(message.read("$.status", String.class)).isEqualTo("SUPPRESSED");
        assertThat(message.read("$.reason", String.class)).isEqualTo("the address is on the e-mail opt-out list");
        DocumentContext statistics = api.get("/api/v1/stats/mailouts/" + MAILOUT);
        assertThat(statistics.read("$.messages.byStatus.SENT", Integer.class)).isEqualTo(1);
        assertThat(statistics.read("$.messages.total", Integer.class)).isEqualTo(2);
    }
}
