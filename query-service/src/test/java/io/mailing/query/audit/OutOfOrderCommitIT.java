package io.mailing.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.query.QueryServiceApplication;
import io.mailing.testsupport.EventFeed;
import io.mailing.testsupport.JsonApi;
import io.mailing.testsupport.WithPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Events whose transactions commit out of stream order, as the release of one mailout and the outcomes of another
 * do all the time: an event that commits after a later position's fills a gap its processors had passed, and its
 * tracking token then carries that later position, not its own. The audit index and a message's row must still name
 * each event by its own position.
 */
@WithPostgres
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OutOfOrderCommitIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final JsonApi api;
    private final EventFeed feed;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;

    OutOfOrderCommitIT(
            TestRestTemplate http, EventStore eventStore, TransactionTemplate transactions, JdbcTemplate jdbc) {
        this.api = new JsonApi(http);
        this.feed = new EventFeed(eventStore, transactions);
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    @Test
    void anEventThatCommitsAfterALaterOneIsIndexedAndCountedAtItsOwnPosition() throws Exception {
        UUID slowMailout = UUID.randomUUID();
        UUID fastMailout = UUID.randomUUID();
        UUID slow = UUID.randomUUID();
        UUID fast = UUID.randomUUID();
        feed.append(
                "Mailout",
                slowMailout,
                new MailoutScheduled(
                        slowMailout,
                        "Hello",
                        AT,
                        AT.plus(Duration.ofHours(1)),
                        new AudienceFilter(List.of(), List.of("slow")),
                        null,
                        false,
                        Channel.SMS,
                        null));
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);

        CompletableFuture<Void> slowTransaction =
                CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
                    feed.append("Message", slow, queued(slow, slowMailout));
                    appended.countDown();
                    waitFor(commit);
                }));
        assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();
        feed.append("Message", fast, queued(fast, fastMailout));
        feed.append("Message", fast, new MessageSent(fast, fastMailout, UUID.randomUUID(), 1, AT, AT.plusSeconds(1)));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(trail(fastMailout).read("$.items[*].type", List.class))
                        .hasSize(2));
        commit.countDown();
        slowTransaction.get(30, TimeUnit.SECONDS);
        feed.append("Message", slow, new MessageSent(slow, slowMailout, UUID.randomUUID(), 1, AT, AT.plusSeconds(2)));

        long slowQueuedAt = position(slow, 0);
        assertThat(slowQueuedAt)
                .as("the slow message was queued at an earlier position than the fast one's events")
                .isLessThan(position(fast, 0));
        await().atMost(PATIENCE).untilAsserted(() -> {
            DocumentContext trail = trail(slowMailout);
            assertThat(trail.read("$.items[*].mailoutId", List.class)).containsOnly(slowMailout.toString());
            assertThat(trail.read("$.items[*].type", List.class))
                    .containsExactly("MailoutScheduled", "MessageQueued", "MessageSent");
            assertThat(trail.read("$.items[1].position", Long.class)).isEqualTo(slowQueuedAt);
        });
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(api.get("/api/v1/messages/" + slow).read("$.status", String.class))
                                .isEqualTo("SENT"));
        assertThat(api.get("/api/v1/stats/mailouts/" + slowMailout).read("$.messages.byStatus.SENT", Integer.class))
                .isEqualTo(1);
        assertThat(trail(fastMailout).read("$.items[*].mailoutId", List.class)).containsOnly(fastMailout.toString());
    }

    private DocumentContext trail(UUID mailout) {
        return api.get("/api/v1/audit/mailouts/" + mailout);
    }

    private long position(UUID aggregate, long sequence) {
        return jdbc.queryForObject(
                "SELECT globalindex FROM axon.domain_event_entry WHERE aggregateidentifier = ? AND sequencenumber = ?",
                Long.class,
                aggregate.toString(),
                sequence);
    }

    private static MessageQueued queued(UUID message, UUID mailout) {
        return new MessageQueued(
                message,
                mailout,
                UUID.randomUUID(),
                1L,
                "7916" + String.format("%07d", Math.floorMod(message.hashCode(), 10_000_000)),
                "Hello",
                "UTC",
                null,
                AT.plus(Duration.ofHours(1)),
                AT,
                Channel.SMS,
                null,
                null,
                null);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The test never let the slow transaction commit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
