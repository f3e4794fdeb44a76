package io.mailing.sending.dispatch;

import io.mailing.events.mailout.AudienceBatchReleased;
import io.mailing.events.mailout.AudienceClosed;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.AudienceFixed;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.mailout.MailoutCancelled;
import io.mailing.events.mailout.MailoutClosed;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageCancelled;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.sending.message.MessageCommands.QueueMessage;
import io.mailing.sending.message.MessageCommands.QueueNewMessage;
import io.mailing.sending.message.MessageId;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.FixtureConfiguration;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MailoutDispatchSagaTest {

    private static final Instant NOW = Instant.parse("2030-01-07T08:00:00Z");
    private static final Instant END = Instant.parse("2030-01-07T20:00:00Z");
    private static final UUID MAILOUT = UUID.fromString("6f1c6a2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f");
    private static final String TEXT = "Black Friday: -30% on everything";
    private static final AudienceFilter FILTER = new AudienceFilter(List.of("916"), List.of());
    private static final DeliveryWindow WINDOW = new DeliveryWindow(LocalTime.of(9, 0), LocalTime.of(21, 0));
    private static final Recipient ANNA = new Recipient(uuid("11111111"), "79160000001", null, "Europe/Moscow");
    private static final Recipient BORIS = new Recipient(uuid("22222222"), "79160000002", null, "Asia/Tokyo");
    private static final Recipient CLARA = new Recipient(uuid("33333333"), "79160000003", null, "UTC");
    private static final int BATCH_SIZE = 2;

    /** The messages the event store holds already. */
    private final Set<MessageId> stored = new HashSet<>();

    private FixtureConfiguration fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(MailoutDispatchSaga.class);
        fixture.registerResource(new FixedAudience(List.of(CLARA, ANNA, BORIS)));
        fixture.registerResource(
                (QueuedMessages) ids -> ids.stream().filter(stored::contains).collect(Collectors.toSet()));
        fixture.setCallbackBehavior((command, metaData) -> true);
    }

    @Test
    void waitsForTheAudienceToBeFixedBeforeReleasingAnyone() {
        fixture.givenNoPriorActivity()
                .whenAggregate(MAILOUT.toString())
                .publishes(started(false))
                .expectActiveSagas(1)
                .expectNoDispatchedCommands();
    }

    @Test
    void releasesTheFirstBatchOnceTheAudienceIsFixed() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(MAILOUT.toString())
                .published(started(false))
                .whenPublishingA(new AudienceFixed(MAILOUT, NOW))
                .expectDispatchedCommands(queue(ANNA), queue(BORIS))
                .expectPublishedEvents(new AudienceBatchReleased(MAILOUT, 1, 2, BORIS.customerId(), false));
    }

    @Test
    void releasesTheNextBatchFromItsCursorAndEndsTheRelease() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(MAILOUT.toString())
                .published(started(false))
                .andThenAPublished(new AudienceFixed(MAILOUT, NOW))
                .whenPublishingA(new AudienceBatchReleased(MAILOUT, 1, 2, BORIS.customerId(), false))
                .expectDispatchedCommands(queue(CLARA))
                .expectPublishedEvents(new AudienceBatchReleased(MAILOUT, 2, 1, CLARA.customerId(), true));
    }

    @Test
    void aBatchReleasedAgainQueuesOnlyTheMessagesNotStoredYet() {
        stored.add(MessageId.of(MAILOUT, ANNA.customerId()));
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(MAILOUT.toString())
                .published(started(false))
                .whenPublishingA(new AudienceFixed(MAILOUT, NOW))
                .expectDispatchedCommands(queue(BORIS))
                .expectPublishedEvents(new AudienceBatchReleased(MAILOUT, 1, 2, BORIS.customerId(), false));
    }

    @Test
    void completesWithCountsByFinalStatusWhenEveryQueuedMessageIsFinal() {
        givenEveryoneReleasedAndQueued(false)
                .andThenAPublished(sent(ANNA))
                .andThenAPublished(new MessageExpired(id(BORIS), MAILOUT, BORIS.customerId(), 0, END, "ended"))
                .whenPublishingA(new MessageFailed(
                        id(CLARA), MAILOUT, CLARA.customerId(), 1, NOW, ErrorKind.CLIENT_ERROR, "HTTP 400"))
                .expectPublishedEvents(new MailoutCompleted(MAILOUT, NOW, 3, 1, 1, 1, 0, 0))
                .expectActiveSagas(0);
    }

    @Test
    void doesNotCompleteWhileAMessageIsPending() {
        givenEveryoneReleasedAndQueued(false)
                .andThenAPublished(sent(ANNA))
                .whenPublishingA(sent(BORIS))
                .expectNoScheduledEvents()
                .expectPublishedEvents()
                .expectActiveSagas(1);
    }

    @Test
    void withLateJoinersDoesNotCompleteBeforeTheAudienceCloses() {
        givenEveryoneReleasedAndQueued(true)
                .andThenAPublished(sent(ANNA))
                .andThenAPublished(sent(BORIS))
                .andThenAPublished(sent(CLARA))
                .whenPublishingA(new MailoutClosed(MAILOUT, END))
                .expectPublishedEvents()
                .expectActiveSagas(1);
    }

    @Test
    void withLateJoinersCompletesOnceTheAudienceHasClosed() {
        givenEveryoneReleasedAndQueued(true)
                .andThenAPublished(sent(ANNA))
                .andThenAPublished(sent(BORIS))
                .andThenAPublished(sent(CLARA))
                .andThenAPublished(new MailoutClosed(MAILOUT, END))
                .whenPublishingA(new AudienceClosed(MAILOUT, END))
                .expectPublishedEvents(new MailoutCompleted(MAILOUT, NOW, 3, 3, 0, 0, 0, 0))
                .expectActiveSagas(0);
    }

    @Test
    void countsALateJoinerQueuedBeforeTheAudienceClosed() {
        Recipient dora = new Recipient(uuid("44444444"), "79160000004", null, "UTC");
        givenEveryoneReleasedAndQueued(true)
                .andThenAPublished(sent(ANNA))
                .andThenAPublished(sent(BORIS))
                .andThenAPublished(sent(CLARA))
                .andThenAPublished(queued(dora))
                .andThenAPublished(new AudienceClosed(MAILOUT, END))
                .whenPublishingA(sent(dora))
                .expectPublishedEvents(new MailoutCompleted(MAILOUT, NOW, 4, 4, 0, 0, 0, 0));
    }

    @Test
    void stopsReleasingWhenCancelled() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(MAILOUT.toString())
                .published(started(false))
                .andThenAPublished(new AudienceFixed(MAILOUT, NOW))
                .andThenAPublished(queued(ANNA))
                .andThenAPublished(queued(BORIS))
                .andThenAPublished(new MailoutCancelled(MAILOUT, NOW))
                .whenPublishingA(new AudienceBatchReleased(MAILOUT, 1, 2, BORIS.customerId(), false))
                .expectNoDispatchedCommands()
                .expectPublishedEvents()
                .expectActiveSagas(1);
    }

    @Test
    void aCancelledMailoutCompletesOnceItsPendingMessagesAreCancelled() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(MAILOUT.toString())
                .published(started(false))
                .andThenAPublished(new AudienceFixed(MAILOUT, NOW))
                .andThenAPublished(queued(ANNA))
                .andThenAPublished(queued(BORIS))
                .andThenAPublished(new MailoutCancelled(MAILOUT, NOW))
                .andThenAPublished(new AudienceBatchReleased(MAILOUT, 1, 2, BORIS.customerId(), false))
                .andThenAPublished(cancelled(ANNA))
                .whenPublishingA(cancelled(BORIS))
                .expectPublishedEvents(new MailoutCompleted(MAILOUT, NOW, 2, 0, 0, 0, 2, 0));
    }

    @Test
    void aStopDoesNotCompleteBeforeTheBatchReleasedJustBeforeItIsCounted() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(MAILOUT.toString())
                .published(started(false))
                .andThenAPublished(new AudienceFixed(MAILOUT, NOW))
                .whenPublishingA(new MailoutClosed(MAILOUT, END))
                .expectPublishedEvents()
                .expectActiveSagas(1);
    }

    @Test
    void anEmptyAudienceCompletesAtOnce() {
        fixture.registerResource(new FixedAudience(List.of()));
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(MAILOUT.toString())
                .published(started(false))
                .andThenAPublished(new AudienceFixed(MAILOUT, NOW))
                .whenPublishingA(new AudienceBatchReleased(MAILOUT, 1, 0, null, true))
                .expectPublishedEvents(new MailoutCompleted(MAILOUT, NOW, 0, 0, 0, 0, 0, 0))
                .expectActiveSagas(0);
    }

    @Test
    void aMailoutCancelledBeforeItsAudienceWasFixedCompletesEmpty() {
        fixture.givenCurrentTime(NOW)
                .andThenAggregate(MAILOUT.toString())
                .published(started(false))
                .whenPublishingA(new MailoutCancelled(MAILOUT, NOW))
                .expectPublishedEvents(new MailoutCompleted(MAILOUT, NOW, 0, 0, 0, 0, 0, 0))
                .expectActiveSagas(0);
    }

    private ContinuedGivenState givenEveryoneReleasedAndQueued(boolean lateJoiners) {
        return fixture.givenCurrentTime(NOW)
                .andThenAggregate(MAILOUT.toString())
                .published(started(lateJoiners))
                .andThenAPublished(new AudienceFixed(MAILOUT, NOW))
                .andThenAPublished(queued(ANNA))
                .andThenAPublished(queued(BORIS))
                .andThenAPublished(new AudienceBatchReleased(MAILOUT, 1, 2, BORIS.customerId(), false))
                .andThenAPublished(queued(CLARA))
                .andThenAPublished(new AudienceBatchReleased(MAILOUT, 2, 1, CLARA.customerId(), true));
    }

    private static MailoutStarted started(boolean lateJoiners) {
        return new MailoutStarted(MAILOUT, NOW, TEXT, FILTER, WINDOW, END, lateJoiners, Channel.SMS, null);
    }

    private static QueueNewMessage queue(Recipient recipient) {
        return new QueueNewMessage(new QueueMessage(
                MAILOUT,
                recipient.customerId(),
                recipient.phone(),
                TEXT,
                recipient.timeZone(),
                WINDOW,
                END,
                Channel.SMS,
                null));
    }

    private static MessageQueued queued(Recipient recipient) {
        MessageId id = MessageId.of(MAILOUT, recipient.customerId());
        return new MessageQueued(
                id.value(),
                MAILOUT,
                recipient.customerId(),
                id.providerMessageId(),
                recipient.phone(),
                TEXT,
                recipient.timeZone(),
                WINDOW,
                END,
                NOW,
                Channel.SMS,
                null,
                null,
                null);
    }

    private static MessageSent sent(Recipient recipient) {
        return new MessageSent(id(recipient), MAILOUT, recipient.customerId(), 1, NOW, NOW);
    }

    private static MessageCancelled cancelled(Recipient recipient) {
        return new MessageCancelled(id(recipient), MAILOUT, recipient.customerId(), 0, NOW);
    }

    private static UUID id(Recipient recipient) {
        return MessageId.of(MAILOUT, recipient.customerId()).value();
    }

    private static UUID uuid(String prefix) {
        return UUID.fromString(prefix + "-0000-4000-8000-000000000000");
    }

    /**
     * The audience projection as a plain list: the customers of the fixed audience, released in id order, a batch of
     * {@value #BATCH_SIZE} at a time.
     */
    private record FixedAudience(List<Recipient> recipients) implements Audience {

        @Override
        public Optional<DispatchedMailout> mailout(UUID mailoutId) {
            return Optional.of(new DispatchedMailout(mailoutId, TEXT, FILTER, WINDOW, END, Channel.SMS));
        }

        @Override
        public Release next(UUID mailoutId, UUID after) {
            List<Recipient> batch = recipients.stream()
                    .filter(r -> after == null || r.customerId().toString().compareTo(after.toString()) > 0)
                    .sorted(Comparator.comparing(r -> r.customerId().toString()))
                    .limit(BATCH_SIZE)
                    .toList();
            UUID cursor = batch.isEmpty() ? after : batch.get(batch.size() - 1).customerId();
            return new Release(batch, cursor, batch.size() < BATCH_SIZE);
        }
    }
}
