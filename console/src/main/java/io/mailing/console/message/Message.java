package io.mailing.console.message;

import java.time.Instant;
import java.util.UUID;

/**
 * A message as the query API shows it: where it stands, its attempts, when each step happened, the last error, when
 * it is due next while pending and, when it was not sent, why.
 */
public record Message(
        UUID id,
        UUID mailoutId,
        UUID customerId,
        String phone,
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
