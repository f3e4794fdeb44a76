package io.mailing.query.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mailing.events.mailout.Channel;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageStatus;
import io.mailing.events.message.Transactional;
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

    /**
     * Whether it is a one-off an application sent ({@code POST /api/v1/messages}) rather than a mailout's message: its
     * {@code mailoutId} is then its channel's standing one-off mailout, and {@code customerId} may be {@code null}.
     */
    @JsonProperty("oneOff")
    public boolean oneOff() {
        return Transactional.is(mailoutId);
    }

    /** The last failed attempt: what went wrong, and when. */
    public record LastError(ErrorKind kind, String detail, Instant at) {}
}
