package io.mailing.query.statistics;

import io.mailing.events.mailout.MailoutStatus;
import io.mailing.events.message.MessageStatus;
import io.mailing.query.mailout.MailoutState;
import io.mailing.query.mailout.MailoutView;
import io.mailing.query.mailout.Mailouts;
import io.mailing.query.message.DeliveryFigures;
import io.mailing.query.message.MessageCounts;
import io.mailing.query.message.MessageStatistics;
import io.mailing.query.paging.Page;
import io.mailing.query.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Delivery statistics, read from figures the projections keep incrementally (a row per mailout), so answering never
 * counts messages however many there are.
 */
@RestController
@RequestMapping("/api/v1/stats")
@Tag(name = "Statistics", description = "Mailouts and their messages counted by status")
class StatisticsController {

    private final Mailouts mailouts;
    private final MessageStatistics statistics;

    StatisticsController(Mailouts mailouts, MessageStatistics statistics) {
        this.mailouts = mailouts;
        this.statistics = statistics;
    }

    @GetMapping
    @Operation(
            operationId = "getStatistics",
            summary = "Totals and every mailout's messages by status",
            description = "Mailouts by status and messages by status over all mailouts, then a page of mailouts"
                    + " (newest first) with their messages by status.")
    Overview overview(
            @RequestParam(defaultValue = "0") @Parameter(description = PageRequest.PAGE_PARAMETER) int page,
            @RequestParam(defaultValue = "20") @Parameter(description = PageRequest.SIZE_PARAMETER) int size) {
        PageRequest request = new PageRequest(page, size);
        Map<MailoutStatus, Long> byStatus = mailouts.countByStatus();
        Totals totals = new Totals(
                new MailoutCounts(
                        byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus),
                statistics.totals());
        return new Overview(totals, mailouts.page(null, request));
    }

    @GetMapping("/mailouts/{id}")
    @Operation(
            operationId = "getMailoutStatistics",
            summary = "One mailout's delivery in detail",
            description = "Messages by status, attempts, failure reasons by error kind, when it started and"
                    + " completed, and its throughput so far.")
    MailoutStatistics mailout(@PathVariable @Parameter(description = "the mailout's id") UUID id) {
        MailoutState mailout = mailouts.state(id);
        DeliveryFigures figures = statistics.figures(id);
        MessageCounts messages = figures.messages();
        Instant startedAt = mailout.startedAt();
        long finished = messages.total()
                - messages.of(MessageStatus.QUEUED)
                - messages.of(MessageStatus.DEFERRED)
                - messages.of(MessageStatus.RETRYING);
        return new MailoutStatistics(
                id,
                mailout.status(),
                mailout.startAt(),
                mailout.endAt(),
                startedAt,
                mailout.status() == MailoutStatus.COMPLETED ? mailout.closedAt() : null,
                mailout.cancelledAt(),
                messages,
                new Attempts(figures.attempts(), figures.failedAttempts()),
                figures.failureReasons(),
                figures.firstQueuedAt(),
                figures.lastSentAt(),
                figures.lastFinishedAt(),
                figures.dispatchCompletedAt(),
                new Throughput(
                        perSecond(finished, startedAt, figures.lastFinishedAt()),
                        perSecond(messages.of(MessageStatus.SENT), startedAt, figures.lastSentAt())));
    }

    /** {@code count} over the time from {@code from} to {@code to}; {@code null} while that is unknown or zero. */
    private static Double perSecond(long count, Instant from, Instant to) {
        if (from == null || to == null || !to.isAfter(from)) {
            return null;
        }
        return count * 1_000.0 / Duration.between(from, to).toMillis();
    }

    record Overview(Totals totals, Page<MailoutView> mailouts) {}

    record Totals(MailoutCounts mailouts, MessageCounts messages) {}

    record MailoutCounts(long total, Map<MailoutStatus, Long> byStatus) {}

    /**
     * One mailout in figures. {@code completedAt} is when it closed as completed, {@code dispatchCompletedAt} when
     * the sending side found its every message final; throughput counts from the start to the last final message
     * ({@code finishedPerSecond}) and to the last sent one ({@code sentPerSecond}).
     */
    record MailoutStatistics(
            UUID mailoutId,
            MailoutStatus status,
            Instant startAt,
            Instant endAt,
            Instant startedAt,
            Instant completedAt,
            Instant cancelledAt,
            MessageCounts messages,
            Attempts attempts,
            List<DeliveryFigures.FailureReason> failureReasons,
            Instant firstQueuedAt,
            Instant lastSentAt,
            Instant lastFinishedAt,
            Instant dispatchCompletedAt,
            Throughput throughput) {}

    record Attempts(long total, long failed) {}

    record Throughput(Double finishedPerSecond, Double sentPerSecond) {}
}
