package io.mailing.query;

import static io.mailing.testsupport.JsonApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.FollowUpScheduled;
import io.mailing.events.mailout.MailoutCancelled;
import io.mailing.events.mailout.MailoutFollowUpCreated;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.testsupport.EventFeed;
import io.mailing.testsupport.JsonApi;
import io.mailing.testsupport.WithPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
 * What the console's mailout form and page read on real PostgreSQL: the audience a filter selects now, and a
 * mailout's follow-up and the mailout a follow-up follows up.
 */
@WithPostgres
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AudienceAndFollowUpIT {

    private static final UUID ANN = UUID.randomUUID();
    private static final UUID BOB = UUID.randomUUID();
    private static final UUID CID = UUID.randomUUID();
    private static final UUID DAN = UUID.randomUUID();
    private static final UUID EVE = UUID.randomUUID();
    private static final UUID ORIGINAL = UUID.randomUUID();
    private static final UUID FOLLOW_UP = UUID.randomUUID();
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant END = START.plus(Duration.ofHours(1));
    private static final AudienceFilter VIPS = new AudienceFilter(List.of(), List.of("vip"));

    private final TestRestTemplate http;
    private final EventFeed feed;

    AudienceAndFollowUpIT(TestRestTemplate http, EventStore eventStore, TransactionTemplate transactions) {
        this.http = http;
        this.feed = new EventFeed(eventStore, transactions);
    }

    @BeforeAll
    void appendTheStory() {
        feed.append("Customer", ANN, new CustomerRegistered(ANN, "79160000001", "916", List.of("vip"), "UTC", null));
        feed.append("Customer", BOB, new CustomerRegistered(BOB, "79160000002", "916", List.of("new"), "UTC", null));
        feed.append(
                "Customer",
                CID,
                new CustomerRegistered(CID, "79260000003", "926", List.of("vip", "new"), "Asia/Tokyo", null));
        feed.append("Customer", DAN, new CustomerRegistered(DAN, "79160000004", "916", List.of("vip"), "UTC", null));
        feed.append("Customer", DAN, new CustomerRemoved(DAN, "79160000004", null));
        feed.append("Customer", EVE, new CustomerRegistered(EVE, null, null, List.of("vip"), "UTC", "eve@example.com"));
        feed.append(
                "Mailout",
                ORIGINAL,
                new MailoutScheduled(ORIGINAL, "Hello", START, END, VIPS, null, false, Channel.SMS, null));
        feed.append("Mailout", ORIGINAL, new MailoutCancelled(ORIGINAL, START));
        feed.append("Mailout", ORIGINAL, new MailoutFollowUpCreated(ORIGINAL, FOLLOW_UP, START));
        feed.append(
                "Mailout",
                FOLLOW_UP,
                new MailoutScheduled(FOLLOW_UP, "Hello", START, END, VIPS, null, false, Channel.SMS, null));
        feed.append("Mailout", FOLLOW_UP, new FollowUpScheduled(FOLLOW_UP, ORIGINAL));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            // Each mailout's last event (two aggregates, maybe two segments): the rest of each is in.
            assertThat(http.getForEntity("/api/v1/mailouts/" + FOLLOW_UP, String.class)
                            .getBody())
                    .contains("\"followUpOf\":\"" + ORIGINAL + "\"");
            assertThat(http.getForEntity("/api/v1/mailouts/" + ORIGINAL, String.class)
                            .getBody())
                    .contains("\"followUpId\":\"" + FOLLOW_UP + "\"");
            assertThat(get("/api/v1/customers/" + DAN).read("$.active", Boolean.class))
                    .isFalse();
            assertThat(http.getForEntity("/api/v1/customers/" + EVE, String.class)
                            .getStatusCode())
                    .isEqualTo(HttpStatus.OK);
        });
    }

    @Test
    void countsAndSamplesTheActiveCustomersAFilterSelects() {
        DocumentContext vips = get("/api/v1/audience?tags=vip");
        assertThat(vips.read("$.count", Integer.class)).isEqualTo(2);
        assertThat(vips.read("$.withoutAddress", Integer.class))
                .as("Eve matches but has only an e-mail address")
                .isEqualTo(1);
        DocumentContext byEmail = get("/api/v1/audience?tags=vip&channel=EMAIL");
        assertThat(byEmail.read("$.count", Integer.class)).isEqualTo(1);
        assertThat(byEmail.read("$.withoutAddress", Integer.class)).isEqualTo(2);
        assertThat(byEmail.read("$.sample[*].email", List.class)).containsExactly("eve@example.com");
        assertThat(vips.read("$.sample[*].id", List.class)).containsExactlyInAnyOrder(ANN.toString(), CID.toString());
        String cid = "$.sample[?(@.id == '" + CID + "')]";
        assertThat(vips.read(cid + ".phone", List.class)).containsExactly("79260000003");
        assertThat(vips.read(cid + ".operatorCode", List.class)).containsExactly("926");
        assertThat(vips.read(cid + ".tags", List.class)).containsExactly(List.of("vip", "new"));
        assertThat(vips.read(cid + ".timeZone", List.class)).containsExactly("Asia/Tokyo");

        assertThat(get("/api/v1/audience?tags=vip,new&operatorCodes=916").read("$.sample[*].id", List.class))
                .as("OR inside a field, AND between fields")
                .containsExactlyInAnyOrder(ANN.toString(), BOB.toString());
        assertThat(get("/api/v1/audience?operatorCodes=926&operatorCodes=903").read("$.count", Integer.class))
                .isEqualTo(1);
        assertThat(get("/api/v1/audience?tags=nobody").read("$.count", Integer.class))
                .isZero();
    }

    @Test
    void namesTheFieldOfABadFilter() {
        assertProblem(http.getForEntity("/api/v1/audience", String.class), HttpStatus.BAD_REQUEST, "operatorCodes");
        assertProblem(
                http.getForEntity("/api/v1/audience?operatorCodes=91x", String.class),
                HttpStatus.BAD_REQUEST,
                "operatorCodes[0]");
        assertProblem(
                http.getForEntity("/api/v1/audience?tags=" + "t".repeat(65), String.class),
                HttpStatus.BAD_REQUEST,
                "tags[0]");
    }

    @Test
    void showsAMailoutsFollowUpAndWhatAFollowUpFollowsUp() {
        DocumentContext original = get("/api/v1/mailouts/" + ORIGINAL);
        assertThat(original.read("$.followUpId", String.class)).isEqualTo(FOLLOW_UP.toString());
        assertThat(original.read("$.followUpOf", String.class)).isNull();
        DocumentContext followUp = get("/api/v1/mailouts/" + FOLLOW_UP);
        assertThat(followUp.read("$.followUpOf", String.class)).isEqualTo(ORIGINAL.toString());
        assertThat(get("/api/v1/mailouts/" + FOLLOW_UP + "?asOf=" + Instant.now())
                        .read("$.followUpOf", String.class))
                .as("the as-of view folds the same events")
                .isEqualTo(ORIGINAL.toString());
    }

    private DocumentContext get(String path) {
        return new JsonApi(http).get(path);
    }
}
