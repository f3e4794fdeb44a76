package io.mailing.sending.publishing;

import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.FollowUpScheduled;
import io.mailing.events.mailout.MailoutCancelled;
import io.mailing.events.mailout.MailoutChanged;
import io.mailing.events.mailout.MailoutClosed;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.mailout.MailoutFollowUpCreated;
import io.mailing.events.mailout.MailoutPaused;
import io.mailing.events.mailout.MailoutResumed;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.mailout.MailoutStatus;
import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageCancelled;
import io.mailing.events.message.MessageDeferred;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageStatus;
import io.mailing.events.message.MessageSuppressed;
import io.mailing.sending.publishing.DeliveryEvent.Error;
import io.mailing.sending.publishing.MailoutEvent.Counts;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.eventhandling.EventMessage;

/**
 * Translates the event store's events into the integration events other systems read from Kafka: message events
 * into {@link DeliveryEvent}s, mailout lifecycle events into {@link MailoutEvent}s; every other event is not
 * published.
 */
final class IntegrationEvents {

    private IntegrationEvents() {}

    /**
     * The integration event of this event, if it is published.
     *
     * @param channels the channel of a mailout by its id (a message's is its mailout's)
     */
    static Optional<Object> of(Function<UUID, Channel> channels, EventMessage<?> event) {
        Object payload = event.getPayload();
        String id = event.getIdentifier();
        String type = payload.getClass().getSimpleName();
        Instant at = event.getTimestamp();
        Envelope about = new Envelope(id, type, at, null, null, null, null, channels);
        if (payload instanceof MessageQueued e) {
            return Optional.of(about.of(e.mailoutId(), e.messageId(), e.customerId(), e.channel())
                    .delivery(MessageStatus.QUEUED, null, null, null, null));
        }
        if (payload instanceof MessageDeferred e) {
            return Optional.of(about.of(e.mailoutId(), e.messageId(), e.customerId())
                    .delivery(MessageStatus.DEFERRED, null, null, e.until(), null));
        }
        if (payload instanceof MessageAttemptFailed e) {
            return Optional.of(about.of(e.mailoutId(), e.messageId(), e.customerId())
                    .delivery(
                            e.retryAt() == null ? null : MessageStatus.RETRYING,
                            e.attempt(),
                            new Error(e.errorKind(), e.detail()),
                            e.retryAt(),
                            null));
        }
        if (payload instanceof MessageSent e) {
            return Optional.of(about.of(e.mailoutId(), e.messageId(), e.customerId())
                    .delivery(MessageStatus.SENT, e.attempt(), null, null, null));
        }
        if (payload instanceof MessageFailed e) {
            return Optional.of(about.of(e.mailoutId(), e.messageId(), e.customerId())
                    .delivery(MessageStatus.FAILED, e.attempts(), new Error(e.errorKind(), e.detail()), null, null));
        }
        if (payload instanceof MessageExpired e) {
            return Optional.of(about.of(e.mailoutId(), e.messageId(), e.customerId())
                    .delivery(MessageStatus.EXPIRED, e.attempts(), null, null, e.reason()));
        }
        if (payload instanceof MessageCancelled e) {
            return Optional.of(about.of(e.mailoutId(), e.messageId(), e.customerId())
                    .delivery(MessageStatus.CANCELLED, e.attempts(), null, null, null));
        }
        if (payload instanceof MessageSuppressed e) {
            return Optional.of(about.of(e.mailoutId(), e.messageId(), e.customerId())
                    .delivery(MessageStatus.SUPPRESSED, e.attempts(), null, null, e.reason()));
        }
        return mailout(id, type, at, payload);
    }

    /** A scheduled mailout as it now stands: created, or changed before it started. */
    private static MailoutEvent scheduled(
            String id, String type, Instant at, UUID mailout, String text, Instant startAt, Instant endAt) {
        return new MailoutEvent(id, type, at, mailout, MailoutStatus.SCHEDULED, text, startAt, endAt, null, null, null);
    }

    private static Optional<Object> mailout(String id, String type, Instant at, Object payload) {
        if (payload instanceof MailoutScheduled e) {
            return Optional.of(scheduled(id, type, at, e.mailoutId(), e.text(), e.startAt(), e.endAt()));
        }
        if (payload instanceof MailoutChanged e) {
            return Optional.of(scheduled(id, type, at, e.mailoutId(), e.text(), e.startAt(), e.endAt()));
        }
        if (payload instanceof MailoutStarted e) {
            return Optional.of(new MailoutEvent(
                    id, type, at, e.mailoutId(), MailoutStatus.RUNNING, e.text(), null, e.endAt(), null, null, null));
        }
        if (payload instanceof MailoutPaused e) {
            return lifecycle(id, type, at, e.mailoutId(), MailoutStatus.PAUSED);
        }
        if (payload instanceof MailoutResumed e) {
            return lifecycle(id, type, at, e.mailoutId(), MailoutStatus.RUNNING);
        }
        if (payload instanceof MailoutCancelled e) {
            return lifecycle(id, type, at, e.mailoutId(), MailoutStatus.CANCELLED);
        }
        if (payload instanceof MailoutClosed e) {
            return lifecycle(id, type, at, e.mailoutId(), MailoutStatus.COMPLETED);
        }
        if (payload instanceof MailoutFollowUpCreated e) {
            return Optional.of(
                    new MailoutEvent(id, type, at, e.mailoutId(), null, null, null, null, null, null, e.followUpId()));
        }
        if (payload instanceof FollowUpScheduled e) {
            return Optional.of(
                    new MailoutEvent(id, type, at, e.mailoutId(), null, null, null, null, null, e.followUpOf(), null));
        }
        if (payload instanceof MailoutCompleted e) {
            Counts counts = new Counts(e.queued(), e.sent(), e.failed(), e.expired(), e.cancelled(), e.suppressed());
            return Optional.of(
                    new MailoutEvent(id, type, at, e.mailoutId(), null, null, null, null, counts, null, null));
        }
        return Optional.empty();
    }

    private static Optional<Object> lifecycle(
            String id, String type, Instant at, UUID mailoutId, MailoutStatus status) {
        return Optional.of(new MailoutEvent(id, type, at, mailoutId, status, null, null, null, null, null, null));
    }

    /** What every integration event of one store event starts with. */
    private record Envelope(
            String eventId,
            String type,
            Instant occurredAt,
            UUID mailoutId,
            UUID messageId,
            UUID customerId,
            Channel channel,
            Function<UUID, Channel> channels) {

        /** About a message of this mailout, whose channel is its mailout's. */
        Envelope of(UUID mailout, UUID message, UUID customer) {
            return of(mailout, message, customer, channels.apply(mailout));
        }

        Envelope of(UUID mailout, UUID message, UUID customer, Channel messageChannel) {
            return new Envelope(eventId, type, occurredAt, mailout, message, customer, messageChannel, channels);
        }

        DeliveryEvent delivery(
                MessageStatus status, Integer attempt, Error error, Instant nextAttemptAt, String reason) {
            return new DeliveryEvent(
                    eventId,
                    type,
                    occurredAt,
                    mailoutId,
                    messageId,
                    customerId,
                    channel,
                    status,
                    attempt,
                    error,
                    nextAttemptAt,
                    reason);
        }
    }
}
