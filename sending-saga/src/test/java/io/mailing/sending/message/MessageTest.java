package io.mailing.sending.message;

import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageCancelled;
import io.mailing.events.message.MessageDeferred;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageStatus;
import io.mailing.events.message.MessageSuppressed;
import io.mailing.sending.message.AttemptResult.Delivered;
import io.mailing.sending.message.AttemptResult.Failed;
import io.mailing.sending.message.MessageCommands.CancelMessage;
import io.mailing.sending.message.MessageCommands.DeferMessage;
import io.mailing.sending.message.MessageCommands.ExpireMessage;
import io.mailing.sending.message.MessageCommands.QueueMessage;
import io.mailing.sending.message.MessageCommands.QueueNewMessage;
import io.mailing.sending.message.MessageCommands.RecordAttempt;
import io.mailing.sending.message.MessageCommands.SuppressMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageTest {

    private static final UUID MAILOUT = UUID.fromString("6f1c6a2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f");
    private static final UUID CUSTOMER = UUID.fromString("1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed");
    private static final MessageId MESSAGE = MessageId.of(MAILOUT, CUSTOMER);
    private static final UUID ID = MESSAGE.value();
    private static final String PHONE = "79161234567";
    private static final String TEXT = "Black Friday: -30% on everything";

    /** UTC+3 all year round. */
    private static final String MOSCOW = "Europe/Moscow";

    private static final String BERLIN = "Europe/Berlin";

    /** 12:00 in Moscow. */
    private static final Instant NOW = moscow("2026-06-10T12:00");

    private static final Instant END = moscow("2026-06-12T12:00");
    private static final DeliveryWindow DAYTIME = new DeliveryWindow(LocalTime.of(9, 0), LocalTime.of(21, 0));
    private static final DeliveryWindow OVERNIGHT = new DeliveryWindow(LocalTime.of(21, 0), LocalTime.of(6, 0));
    private static final MessageQueued QUEUED = queued(MOSCOW, null, END, NOW);

    /** Backoff 30 s, 1 min, 2 min, … and no jitter: a retry comes after the whole backoff. */
    private static final Duration BACKOFF = Duration.ofSeconds(30);

    private static final int MAX_ATTEMPTS = 3;
    private static final RetryPolicy RETRY_POLICY =
            new RetryPolicy(BACKOFF, Duration.ofMinutes(10), MAX_ATTEMPTS, FixedJitter.full());

    /** When the worker records an attempt's outcome; the attempt itself took the two seconds before. */
    private static final Instant RECORDED = NOW.plus(Duration.ofMinutes(1));

    private static final Failed SERVER_ERROR = new Failed(ErrorKind.SERVER_ERROR, "HTTP 503", null);

    private FixtureConfiguration<Message> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Message.class).registerInjectableResource(RETRY_POLICY);
    }

    private static Instant moscow(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZoneId.of(MOSCOW)).toInstant();
    }

    private static QueueMessage queue(String zone, DeliveryWindow window, Instant endAt) {
        return new QueueMessage(MAILOUT, CUSTOMER, PHONE, TEXT, zone, window, endAt, Channel.SMS, null);
    }

    private static MessageQueued queued(String zone, DeliveryWindow window, Instant endAt, Instant at) {
        return new MessageQueued(
                ID,
                MAILOUT,
                CUSTOMER,
                MESSAGE.providerMessageId(),
                PHONE,
                TEXT,
                zone,
                window,
                endAt,
                at,
                Channel.SMS,
                null,
                null,
                null);
    }

    private static MessageDeferred deferred(int attempts, Instant at, Instant until) {
        return new MessageDeferred(ID, MAILOUT, CUSTOMER, attempts, at, until);
    }

    private static RecordAttempt attempt(int attempt, AttemptResult result) {
        return new RecordAttempt(MESSAGE, attempt, RECORDED.minusSeconds(2), RECORDED, result);
    }

    private static MessageAttemptFailed attemptFailed(int attempt, Failed failed, Instant retryAt) {
        return new MessageAttemptFailed(
                ID,
                MAILOUT,
                CUSTOMER,
                attempt,
                RECORDED.minusSeconds(2),
                RECORDED,
                failed.kind(),
                failed.detail(),
                retryAt);
    }

    private static MessageSent sent(int attempt) {
        return new MessageSent(ID, MAILOUT, CUSTOMER, attempt, RECORDED.minusSeconds(2), RECORDED);
    }

    private static MessageExpired expired(int attempts, Instant at, String reason) {
        return new MessageExpired(ID, MAILOUT, CUSTOMER, attempts, at, reason);
    }

    @Test
    void queuesANewMessage() {
        fixture.givenNoPriorActivity()
                .andGivenCurrentTime(NOW)
                .when(queue(MOSCOW, null, END))
                .expectEvents(QUEUED)
                .expectResultMessagePayload(true);
    }

    @Test
    void queuingTwiceIsANoOp() {
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(queue(MOSCOW, null, END))
                .when(queue(MOSCOW, null, END))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        fixture.givenCurrentTime(NOW)
                .andGiven(QUEUED, sent(1))
                .when(queue(MOSCOW, null, END))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void queuesWithoutDeferralInsideTheWindow() {
        fixture.givenCurrentTime(NOW)
                .when(queue(MOSCOW, DAYTIME, END))
                .expectEvents(queued(MOSCOW, DAYTIME, END, NOW))
                .expectResultMessagePayload(true);
    }

    @Test
    void defersWhenOutsideTheWindow() {
        Instant lateEvening = moscow("2026-06-10T22:00");
        fixture.givenCurrentTime(lateEvening)
                .when(queue(MOSCOW, DAYTIME, END))
                .expectEvents(
                        queued(MOSCOW, DAYTIME, END, lateEvening), deferred(0, lateEvening, moscow("2026-06-11T09:00")))
                .expectResultMessagePayload(true);
        Instant earlyMorning = moscow("2026-06-11T07:30");
        fixture.givenCurrentTime(earlyMorning)
                .when(queue(MOSCOW, DAYTIME, END))
                .expectEvents(
                        queued(MOSCOW, DAYTIME, END, earlyMorning),
                        deferred(0, earlyMorning, moscow("2026-06-11T09:00")));
    }

    @Test
    void defersAcrossMidnightWindow() {
        fixture.givenCurrentTime(NOW)
                .when(queue(MOSCOW, OVERNIGHT, END))
                .expectEvents(queued(MOSCOW, OVERNIGHT, END, NOW), deferred(0, NOW, moscow("2026-06-10T21:00")));
        Instant lateEvening = moscow("2026-06-10T23:00");
        fixture.givenCurrentTime(lateEvening)
                .when(queue(MOSCOW, OVERNIGHT, END))
                .expectEvents(queued(MOSCOW, OVERNIGHT, END, lateEvening));
        Instant afterMidnight = moscow("2026-06-11T05:59");
        fixture.givenCurrentTime(afterMidnight)
                .when(queue(MOSCOW, OVERNIGHT, END))
                .expectEvents(queued(MOSCOW, OVERNIGHT, END, afterMidnight));
    }

    @Test
    void deferralHonoursDaylightSavingChange() {
        Instant springEnd = Instant.parse("2026-04-01T00:00:00Z");
        Instant beforeSpringForward = Instant.parse("2026-03-28T21:00:00Z");
        fixture.givenCurrentTime(beforeSpringForward)
                .when(queue(BERLIN, DAYTIME, springEnd))
                .expectEvents(
                        queued(BERLIN, DAYTIME, springEnd, beforeSpringForward),
                        deferred(0, beforeSpringForward, Instant.parse("2026-03-29T07:00:00Z")));

        Instant autumnEnd = Instant.parse("2026-10-28T00:00:00Z");
        Instant beforeFallBack = Instant.parse("2026-10-24T20:00:00Z");
        fixture.givenCurrentTime(beforeFallBack)
                .when(queue(BERLIN, DAYTIME, autumnEnd))
                .expectEvents(
                        queued(BERLIN, DAYTIME, autumnEnd, beforeFallBack),
                        deferred(0, beforeFallBack, Instant.parse("2026-10-25T08:00:00Z")));
    }

    @Test
    void expiresWhenTheWindowOpensOnlyAfterTheEnd() {
        Instant lateEvening = moscow("2026-06-10T22:00");
        Instant opening = moscow("2026-06-11T09:00");
        fixture.givenCurrentTime(lateEvening)
                .when(queue(MOSCOW, DAYTIME, opening))
                .expectEvents(
                        queued(MOSCOW, DAYTIME, opening, lateEvening),
                        expired(
                                0,
                                lateEvening,
                                "the delivery window only opens at 2026-06-11T06:00:00Z, after the mailout's end at"
                                        + " 2026-06-11T06:00:00Z"))
                .expectResultMessagePayload(true);
    }

    @Test
    void expiresWhenQueuedAfterTheEnd() {
        fixture.givenCurrentTime(END)
                .when(queue(MOSCOW, DAYTIME, END))
                .expectEvents(
                        queued(MOSCOW, DAYTIME, END, END),
                        expired(0, END, "queued after the mailout's end at 2026-06-12T09:00:00Z"))
                .expectResultMessagePayload(true);
    }

    @Test
    void queuesANewMessageWithoutLookingForItFirst() {
        fixture.givenNoPriorActivity()
                .andGivenCurrentTime(NOW)
                .when(new QueueNewMessage(queue(MOSCOW, null, END)))
                .expectEvents(QUEUED);
    }

    @Test
    void aNewMessageIsDeferredOrExpiredOnceItsStateIsApplied() {
        Instant lateEvening = moscow("2026-06-10T22:00");
        fixture.givenCurrentTime(lateEvening)
                .when(new QueueNewMessage(queue(MOSCOW, DAYTIME, END)))
                .expectEvents(
                        queued(MOSCOW, DAYTIME, END, lateEvening),
                        deferred(0, lateEvening, moscow("2026-06-11T09:00")));
        fixture.givenCurrentTime(END)
                .when(new QueueNewMessage(queue(MOSCOW, DAYTIME, END)))
                .expectEvents(
                        queued(MOSCOW, DAYTIME, END, END),
                        expired(0, END, "queued after the mailout's end at 2026-06-12T09:00:00Z"));
    }

    @Test
    void aNewMessageThatExistsAfterAllIsNotQueuedTwice() {
        fixture.givenCurrentTime(NOW)
                .andGiven(QUEUED)
                .when(new QueueNewMessage(queue(MOSCOW, null, END)))
                .expectException(Exception.class)
                .expectNoEvents();
    }

    @Test
    void defersAPendingMessageWhenTheWindowHasClosed() {
        Instant lateEvening = moscow("2026-06-10T21:30");
        fixture.givenCurrentTime(lateEvening)
                .andGiven(queued(MOSCOW, DAYTIME, END, NOW), attemptFailed(1, SERVER_ERROR, lateEvening))
                .when(new DeferMessage(MESSAGE))
                .expectEvents(deferred(1, lateEvening, moscow("2026-06-11T09:00")))
                .expectResultMessagePayload(MessageStatus.DEFERRED);
    }

    @Test
    void deferringExpiresWhenTheWindowOpensOnlyAfterTheEnd() {
        Instant lateEvening = moscow("2026-06-11T22:00");
        Instant earlyEnd = moscow("2026-06-12T08:00");
        fixture.givenCurrentTime(lateEvening)
                .andGiven(queued(MOSCOW, DAYTIME, earlyEnd, NOW))
                .when(new DeferMessage(MESSAGE))
                .expectEvents(expired(
                        0,
                        lateEvening,
                        "the delivery window only opens at 2026-06-12T06:00:00Z, after the mailout's end at"
                                + " 2026-06-12T05:00:00Z"))
                .expectResultMessagePayload(MessageStatus.EXPIRED);
    }

    @Test
    void deferIsANoOpInsideTheWindow() {
        fixture.givenCurrentTime(NOW)
                .andGiven(queued(MOSCOW, DAYTIME, END, NOW))
                .when(new DeferMessage(MESSAGE))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.QUEUED);
        fixture.givenCurrentTime(moscow("2026-06-10T23:00"))
                .andGiven(QUEUED)
                .when(new DeferMessage(MESSAGE))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.QUEUED);
    }

    @Test
    void recordsADelivery() {
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED)
                .when(attempt(1, new Delivered()))
                .expectEvents(sent(1))
                .expectResultMessagePayload(MessageStatus.SENT);
    }

    @Test
    void schedulesARetryWithBackoff() {
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED)
                .when(attempt(1, SERVER_ERROR))
                .expectEvents(attemptFailed(1, SERVER_ERROR, RECORDED.plus(BACKOFF)))
                .expectResultMessagePayload(MessageStatus.RETRYING);
        Failed timeout = new Failed(ErrorKind.TIMEOUT, "no answer within 5s", null);
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED, attemptFailed(1, SERVER_ERROR, RECORDED))
                .when(attempt(2, timeout))
                .expectEvents(attemptFailed(2, timeout, RECORDED.plus(BACKOFF.multipliedBy(2))))
                .expectResultMessagePayload(MessageStatus.RETRYING);
    }

    @Test
    void honoursRetryAfter() {
        Failed rateLimited = new Failed(ErrorKind.RATE_LIMITED, "HTTP 429", Duration.ofMinutes(5));
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED)
                .when(attempt(1, rateLimited))
                .expectEvents(attemptFailed(1, rateLimited, RECORDED.plus(Duration.ofMinutes(5))))
                .expectResultMessagePayload(MessageStatus.RETRYING);
    }

    @Test
    void retryPastEndAtExpires() {
        Instant shortEnd = RECORDED.plus(BACKOFF);
        fixture.givenCurrentTime(RECORDED)
                .andGiven(queued(MOSCOW, null, shortEnd, NOW))
                .when(attempt(1, SERVER_ERROR))
                .expectEvents(
                        attemptFailed(1, SERVER_ERROR, null),
                        expired(
                                1,
                                RECORDED,
                                "the retry at 2026-06-10T09:01:30Z would fall after the mailout's end at"
                                        + " 2026-06-10T09:01:30Z"))
                .expectResultMessagePayload(MessageStatus.EXPIRED);
    }

    @Test
    void failsAtOnceOnAClientError() {
        Failed badRequest = new Failed(ErrorKind.CLIENT_ERROR, "HTTP 400: invalid phone", null);
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED)
                .when(attempt(1, badRequest))
                .expectEvents(
                        attemptFailed(1, badRequest, null),
                        new MessageFailed(
                                ID, MAILOUT, CUSTOMER, 1, RECORDED, ErrorKind.CLIENT_ERROR, "HTTP 400: invalid phone"))
                .expectResultMessagePayload(MessageStatus.FAILED);
    }

    @Test
    void failsAfterMaxAttempts() {
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED, attemptFailed(1, SERVER_ERROR, RECORDED), attemptFailed(2, SERVER_ERROR, RECORDED))
                .when(attempt(MAX_ATTEMPTS, SERVER_ERROR))
                .expectEvents(
                        attemptFailed(3, SERVER_ERROR, null),
                        new MessageFailed(
                                ID,
                                MAILOUT,
                                CUSTOMER,
                                3,
                                RECORDED,
                                ErrorKind.SERVER_ERROR,
                                "gave up after 3 attempts; the last one: HTTP 503"))
                .expectResultMessagePayload(MessageStatus.FAILED);
    }

    @Test
    void ignoresUnauthorizedOutcome() {
        Failed unauthorized = new Failed(ErrorKind.UNAUTHORIZED, "HTTP 401", null);
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED)
                .when(attempt(1, unauthorized))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.QUEUED);
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED)
                .andGivenCommands(attempt(1, unauthorized))
                .when(attempt(1, new Delivered()))
                .expectEvents(sent(1));
    }

    @Test
    void ignoresStaleOrDuplicateOutcomes() {
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED, attemptFailed(1, SERVER_ERROR, RECORDED.plus(BACKOFF)))
                .when(attempt(1, new Delivered()))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.RETRYING);
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED)
                .when(attempt(2, new Delivered()))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.QUEUED);
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED, sent(1))
                .when(attempt(2, SERVER_ERROR))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.SENT);
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED, expired(0, NOW, "the mailout ended"))
                .when(attempt(1, new Delivered()))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.EXPIRED);
    }

    @Test
    void expiresWhenPending() {
        fixture.givenCurrentTime(END)
                .andGiven(QUEUED)
                .when(new ExpireMessage(MESSAGE, "the mailout ended"))
                .expectEvents(expired(0, END, "the mailout ended"))
                .expectResultMessagePayload(MessageStatus.EXPIRED);
        fixture.givenCurrentTime(END)
                .andGiven(QUEUED, attemptFailed(1, SERVER_ERROR, RECORDED.plus(BACKOFF)))
                .when(new ExpireMessage(MESSAGE, "the mailout ended"))
                .expectEvents(expired(1, END, "the mailout ended"))
                .expectResultMessagePayload(MessageStatus.EXPIRED);
    }

    @Test
    void cancelsWhenPending() {
        fixture.givenCurrentTime(RECORDED)
                .andGiven(queued(MOSCOW, DAYTIME, END, NOW), deferred(0, NOW, END.minusSeconds(60)))
                .when(new CancelMessage(MESSAGE))
                .expectEvents(new MessageCancelled(ID, MAILOUT, CUSTOMER, 0, RECORDED))
                .expectResultMessagePayload(MessageStatus.CANCELLED);
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED, attemptFailed(1, SERVER_ERROR, RECORDED.plus(BACKOFF)))
                .when(new CancelMessage(MESSAGE))
                .expectEvents(new MessageCancelled(ID, MAILOUT, CUSTOMER, 1, RECORDED))
                .expectResultMessagePayload(MessageStatus.CANCELLED);
    }

    @Test
    void cancelAndExpireAreNoOpsOnceFinal() {
        fixture.givenCurrentTime(END)
                .andGiven(QUEUED, sent(1))
                .when(new CancelMessage(MESSAGE))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.SENT);
        fixture.givenCurrentTime(END)
                .andGiven(QUEUED, sent(1))
                .when(new ExpireMessage(MESSAGE, "the mailout ended"))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.SENT);
        fixture.givenCurrentTime(END)
                .andGiven(QUEUED, new MessageCancelled(ID, MAILOUT, CUSTOMER, 0, NOW))
                .when(new ExpireMessage(MESSAGE, "the mailout ended"))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.CANCELLED);
        fixture.givenCurrentTime(END)
                .andGiven(QUEUED, expired(0, NOW, "the mailout ended"))
                .when(new CancelMessage(MESSAGE))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.EXPIRED);
    }

    @Test
    void deferIsANoOpOnceFinal() {
        fixture.givenCurrentTime(moscow("2026-06-10T22:00"))
                .andGiven(queued(MOSCOW, DAYTIME, END, NOW), sent(1))
                .when(new DeferMessage(MESSAGE))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.SENT);
    }

    @Test
    void aPendingMessageWhoseAddressOptedOutIsSuppressedWithTheReason() {
        UUID optOut = UUID.fromString("0f0e0d0c-0b0a-4908-8706-050403020100");
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED, attemptFailed(1, SERVER_ERROR, RECORDED.plus(BACKOFF)))
                .when(new SuppressMessage(MESSAGE, optOut, "opted out by the recipient"))
                .expectEvents(
                        new MessageSuppressed(ID, MAILOUT, CUSTOMER, 1, RECORDED, optOut, "opted out by the recipient"))
                .expectResultMessagePayload(MessageStatus.SUPPRESSED);
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED, new MessageSuppressed(ID, MAILOUT, CUSTOMER, 0, NOW, optOut, "opted out"))
                .when(new RecordAttempt(MESSAGE, 1, NOW, RECORDED, new Delivered()))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.SUPPRESSED);
    }

    @Test
    void aFinalMessageIsNotSuppressed() {
        fixture.givenCurrentTime(RECORDED)
                .andGiven(QUEUED, sent(1))
                .when(new SuppressMessage(MESSAGE, UUID.randomUUID(), "opted out"))
                .expectNoEvents()
                .expectResultMessagePayload(MessageStatus.SENT);
    }
}
