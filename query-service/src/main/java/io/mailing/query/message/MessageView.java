package io.mailing.query.message;

import io.mailing.events.mailout.Channel;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A message as the API shows it: a text message to its {@code phone}, or an e-mail to its {@code email} (the other is
 * {@code null}). {@code nextAttemptAt} is when a pending message is due (its retry or the opening
 * of its delivery window), {@code reason} why it ended as it did when it was not sent.
 */
public record MessageView(
        UUID id,
        UUID mailoutId,
        UUID customerId,
        Channel channel,
        String phone,
        String email,
        MessageStatus status,
        int attempts,
        Instant queuedAt,
        Instant updatedAt,
        Instant nextAttemptAt,
        Instant sentAt,
        Instant finishedAt,
        LastError lastError,
        String reason) {

    /** The last failed attempt: what went wrong, and when. */
    public record LastError(ErrorKind kind, String detail, Instant at) {}
}
