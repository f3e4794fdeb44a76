package io.mailing.sending.message;

import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of the {@code Message} aggregate. */
public final class MessageCommands {

    private MessageCommands() {}

    /**
     * Queue a mailout's message for one customer; a no-op when that message exists already. Answers {@code true}
     * when it queued a new message.
     *
     * @param phone the customer's phone for a text message, {@code null} for an e-mail
     * @param deliveryWindow may be {@code null}
     * @param email the customer's e-mail address for an e-mail, {@code null} for a text message
     */
    public record QueueMessage(
            @TargetAggregateIdentifier MessageId messageId,
            UUID mailoutId,
            UUID customerId,
            String phone,
            String text,
            String timeZone,
            DeliveryWindow deliveryWindow,
            Instant endAt,
            Channel channel,
            String email) {

        public QueueMessage(
                UUID mailoutId,
                UUID customerId,
                String phone,
                String text,
                String timeZone,
                DeliveryWindow deliveryWindow,
                Instant endAt,
                Channel channel,
                String email) {
            this(
                    MessageId.of(mailoutId, customerId),
                    mailoutId,
                    customerId,
                    phone,
                    text,
                    timeZone,
                    deliveryWindow,
                    endAt,
                    channel,
                    email);
        }
    }

    /**
     * Queue a message known not to exist yet, without looking for it first: for the dispatch saga, which checks a
     * whole batch at once. Should the message exist after all, storing its first event fails and so does the
     * command, so nothing is queued twice.
     */
    public record QueueNewMessage(QueueMessage queue) {}

    /**
     * Queue a one-off message an application asked for, under a new random id, to go out before {@code sendBefore}
     * (it expires then); it belongs to its channel's standing {@code Transactional} mailout.
     *
     * @param customerId the active customer the address is theirs, {@code null} for an address of no customer
     * @param phone the number for a text message, {@code null} for an e-mail
     * @param email the address for an e-mail, {@code null} for a text message
     * @param subject an e-mail's subject, {@code null} for a text message
     * @param html an e-mail's HTML body, may be {@code null}
     */
    public record QueueOneOff(
            @TargetAggregateIdentifier MessageId messageId,
            Channel channel,
            UUID customerId,
            String phone,
            String email,
            String text,
            String subject,
            String html,
            Instant sendBefore) {}

    /** Delivery found the customer's local time outside the window: wait for it to open (or expire). */
    public record DeferMessage(@TargetAggregateIdentifier MessageId messageId) {}

    /**
     * Record the outcome of an attempt. {@code attempt} is the number of the attempt (1 for the first); an outcome
     * for any other attempt than the next one, or for a message that is final, is stale and changes nothing.
     */
    public record RecordAttempt(
            @TargetAggregateIdentifier MessageId messageId,
            int attempt,
            Instant startedAt,
            Instant finishedAt,
            AttemptResult result) {}

    /** The mailout ended with the message still pending. */
    public record ExpireMessage(@TargetAggregateIdentifier MessageId messageId, String reason) {}

    /** The mailout was cancelled with the message still pending. */
    public record CancelMessage(@TargetAggregateIdentifier MessageId messageId) {}

    /**
     * Delivery found the message's address on the opt-out list of its channel: do not send it.
     *
     * @param reason when and by whom the address was opted out, for the message's trail
     */
    public record SuppressMessage(@TargetAggregateIdentifier MessageId messageId, UUID optOutId, String reason) {}
}
