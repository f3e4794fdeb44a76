package io.mailing.console.message;

import java.time.Instant;
import java.util.UUID;

/**
 * A message as the query API shows it: where it goes (a text message to a phone, an e-mail to an address), where it
 * stands, its attempts, when each step happened, the last error, when it is due next while pending and, when it was
 * not sent, why. A one-off ({@code oneOff}) was sent by an application, not by a mailout, and may be for no customer.
 */
public record Message(
        UUID id,
        UUID mailoutId,
        UUID customerId,
        String channel,
        String phone,
        String email,
        boolean oneOff,
        String status,
        int attempts,
        Instant queuedAt,
        Instant updatedAt,
        Instant nextAttemptAt,
        Instant sentAt,
        Instant finishedAt,
        LastError lastError,
        String reason) {

    /** The last failed attempt: what went wrong, and when. */
    public record LastError(String kind, String detail, Instant at) {}
}
