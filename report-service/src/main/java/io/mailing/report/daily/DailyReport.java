package io.mailing.report.daily;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The daily statistics report {@code id} (the same for every sending of the report of that date: {@link #idOf}) of
 * {@code date}: every mailout that was running at some moment of the hours from
 * {@code from} to {@code until}, with its figures as the query API gave them at {@code asOf}, their totals, and the
 * change against the previous day's report when one was sent. Messages are counted by {@link #STATUSES}: the final
 * statuses, and {@code PENDING} for those still queued, deferred or retrying.
 */
record DailyReport(
        UUID id,
        String date,
        String zone,
        Instant from,
        Instant until,
        Instant asOf,
        List<Mailout> mailouts,
        Totals totals,
        Previous previous) {

    static final List<String> STATUSES = List.of("SENT", "FAILED", "EXPIRED", "CANCELLED", "SUPPRESSED", "PENDING");

    /** The id of the report of {@code date}: a name-based UUID of the date, under which the audit keeps its trail. */
    static UUID idOf(LocalDate date) {
        return UUID.nameUUIDFromBytes(("daily-report:" + date).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One mailout: its text shortened, its status, its audience (the messages it queued), its messages by status, its
     * throughput (messages finished per second while it ran), its most frequent failure reasons and its console page.
     */
    record Mailout(
            UUID id,
            String text,
            String status,
            Instant startedAt,
            Instant finishedAt,
            long audience,
            Map<String, Long> messages,
            Double messagesPerSecond,
            List<FailureReason> failureReasons,
            URI link) {}

    /** How often messages failed for one kind of error: attempts that failed, and messages that failed for good. */
    record FailureReason(String errorKind, long failedAttempts, long failedMessages) {}

    /** The report's mailouts together: their number, audiences, messages by status and failure reasons. */
    record Totals(long mailouts, long audience, Map<String, Long> messages, List<FailureReason> failureReasons) {}

    /** The previous day's report as it was sent, and the change since: this report's totals minus its. */
    record Previous(String date, long mailouts, Map<String, Long> messages, Map<String, Long> change) {}
}
