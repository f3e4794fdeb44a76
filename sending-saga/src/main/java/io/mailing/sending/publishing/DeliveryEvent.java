package io.mailing.sending.publishing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mailing.events.mailout.Channel;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A message event as topic {@code mailing.delivery-events} carries it (key: the message id). {@code status} is the
 * message's status after the event; a failed attempt that is not retried has none of its own (the final status
 * event follows it). Fields that do not apply are left out.
 *
 * @param channel how the message goes out: {@code SMS} or {@code EMAIL}
 * @param attempt the attempt's number (failed attempts, sent) or the attempts made (failed for good)
 * @param error what went wrong (failed attempts, failed for good)
 * @param nextAttemptAt when the message is tried again (a retry, or the opening of its delivery window)
 * @param reason why it expired, or why it was suppressed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DeliveryEvent(
        String eventId,
        String type,
        Instant occurredAt,
        UUID mailoutId,
        UUID messageId,
        UUID customerId,
        Channel channel,
        MessageStatus status,
        Integer attempt,
        Error error,
        Instant nextAttemptAt,
        String reason) {

    /** A failure: its kind and the provider's answer or the client's error. */
    record Error(ErrorKind kind, String detail) {}
}
