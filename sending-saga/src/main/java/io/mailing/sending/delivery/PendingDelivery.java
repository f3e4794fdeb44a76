package io.mailing.sending.delivery;

import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.platform.logging.LogContext;
import io.mailing.sending.message.MessageId;
import io.mailing.sending.message.MessageSnapshot;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A message claimed for its next attempt.
 *
 * @param phone where a text message goes, {@code null} for an e-mail
 * @param email where an e-mail goes, {@code null} for a text message
 * @param text the text message, or the e-mail's plain-text body
 * @param subject a one-off e-mail's subject; {@code null} for a mailout's (its mailout has it) or a text message
 * @param html a one-off e-mail's HTML body, or {@code null}
 * @param attempts attempts made so far; this one is {@code attempts + 1}
 * @param deliveryWindow may be {@code null}
 * @param version the sequence number of the message's last event when it was claimed; {@code null} for a message
 *     queued before the queue kept it
 * @param origin what the commands about this message carry
 * @param lease the lease that holds it (a row of {@code sending.delivery_lease})
 * @param optedOut its address's opt-out of its channel when it was claimed, {@code null} when it has none
 * @param batch the row of {@code sending.delivery_batch} it was claimed from; {@code null}: from the queue
 */
record PendingDelivery(
        MessageId messageId,
        UUID mailoutId,
        UUID customerId,
        long providerMessageId,
        Channel channel,
        Long phone,
        String email,
        String text,
        String subject,
        String html,
        ZoneId timeZone,
        DeliveryWindow deliveryWindow,
        Instant endAt,
        int attempts,
        Long version,
        Origin origin,
        UUID lease,
        OptedOut optedOut,
        UUID batch) {

    /** The message as it was claimed, to record its outcome from; {@code null} when its version is unknown. */
    MessageSnapshot snapshot() {
        return version == null
                ? null
                : new MessageSnapshot(
                        messageId, mailoutId, customerId, attempts, endAt, deliveryWindow, timeZone, version);
    }

    /** Whether the customer's local time is outside the window at {@code now}. */
    boolean outsideWindow(Instant now) {
        return deliveryWindow != null && !deliveryWindow.isOpenAt(now, timeZone);
    }

    /** The logging context of this message: its ids and its correlation id. */
    LogContext logContext() {
        return LogContext.of(mailoutId, messageId.value(), customerId, origin.correlationId());
    }
}
