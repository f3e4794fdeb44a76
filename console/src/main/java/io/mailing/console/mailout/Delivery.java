package io.mailing.console.mailout;

import java.util.List;

/**
 * The part of a mailout's statistics ({@code GET /api/v1/stats/mailouts/{id}}) its page shows: attempts, and why
 * attempts and messages failed, by error kind, the most failed attempts first.
 */
public record Delivery(Attempts attempts, List<FailureReason> failureReasons) {

    public Delivery {
        attempts = attempts == null ? new Attempts(0, 0) : attempts;
        failureReasons = failureReasons == null ? List.of() : failureReasons;
    }

    /** Attempts made, and how many of them failed. */
    public record Attempts(long total, long failed) {}

    /** Failed attempts and messages that failed for good, of one error kind. */
    public record FailureReason(String errorKind, long failedAttempts, long failedMessages) {}
}
