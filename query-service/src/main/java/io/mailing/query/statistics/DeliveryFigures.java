package io.mailing.query.statistics;

import io.mailing.events.message.ErrorKind;
import java.time.Instant;
import java.util.List;

/**
 * A mailout's delivery in figures: its messages by status, every attempt made (failed ones by error kind) and when
 * the first message was queued, the last sent and the last reached its final status; {@code dispatchCompletedAt}
 * is when the sending side found every message final.
 */
public record DeliveryFigures(
        MessageCounts messages,
        long attempts,
        long failedAttempts,
        List<FailureReason> failureReasons,
        Instant firstQueuedAt,
        Instant lastSentAt,
        Instant lastFinishedAt,
        Instant dispatchCompletedAt) {

    /** Failed attempts and messages that failed for good, of one error kind. */
    public record FailureReason(ErrorKind errorKind, long failedAttempts, long failedMessages) {}
}
