package io.mailing.query.statistics;

import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.MailoutStatus;
import io.mailing.events.message.MessageStatus;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.query.mailout.MailoutReadModel;
import io.mailing.query.mailout.MailoutRow;
import io.mailing.query.mailout.MailoutView;
import io.mailing.query.paging.Page;
import io.mailing.query.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Delivery statistics, read from figures the projections keep incrementally (a row per mailout, and per mailout,
 * minute and final status for the timelines), so answering never counts messages however many there are. A
 * timeline has at most {@value #MAX_POINTS} points.
 */
@RestController
@RequestMapping("/api/v1/stats")
@Tag(name = "Statistics", description = "Mailouts and their messages counted by status")
class StatisticsController {

    static final int MAX_POINTS = 1_440;
    static final int MAX_HOURS = 24;
    static final int MAX_STEP = 1_440;

    /** The steps a mailout's timeline picks from when not told one: the finest that gives a readable chart. */
    private static final List<Integer> STEPS = List.of(1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1_440);

    private static final int READABLE_POINTS = 180;

    private final MailoutReadModel mailouts;
    private final StatisticsStore statistics;
    private final TimelineStore timelines;

    StatisticsController(MailoutReadModel mailouts, StatisticsStore statistics, TimelineStore timelines) {
        this.mailouts = mailouts;
        this.statistics = statistics;
        this.timelines = timelines;
    }

    @GetMapping
    @Operation(
            operationId = "getStatistics",
            summary = "Totals and every mailout's messages by status",
            description = "Mailouts by status and messages by status over all mailouts, the one-off messages"
                    + " applications sent (`POST /api/v1/messages`) by status under `transactional`, apart and by"
                    + " channel, then a page of mailouts (newest first) with their messages by status.")
    Overview overview(
            @RequestParam(defaultValue = "0") @Parameter(description = PageRequest.PAGE_PARAMETER) int page,
            @RequestParam(defaultValue = "20") @Parameter(description = PageRequest.SIZE_PARAMETER) int size) {
        PageRequest request = new PageRequest(page, size);
        Map<MailoutStatus, Long> byStatus = mailouts.countByStatus();
        Totals totals = new Totals(
                new MailoutCounts(
                        byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus),
                statistics.totals());
        Map<Channel, MessageCounts> oneOffs = statistics.transactional();
        return new Overview(
                totals,
                new Transactional(MessageCounts.sum(oneOffs.values()), oneOffs),
                mailouts.page(null, null, request));
    }

    @GetMapping("/mailouts/{id}")
    @Operation(
            operationId = "getMailoutStatistics",
            summary = "One mailout's delivery in detail",
            description = "Messages by status, attempts, failure reasons by error kind, when it started and"
                    + " completed, and its throughput so far.")
    MailoutStatistics mailout(@PathVariable @Parameter(description = "the mailout's id") UUID id) {
        MailoutRow mailout = mailouts.row(id);
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

    @GetMapping("/timeline")
    @Operation(
            operationId = "getTimeline",
            summary = "Messages finished per step over the last hours, all mailouts together",
            description =
                    "Messages that reached a final status (SENT, FAILED, EXPIRED, CANCELLED, SUPPRESSED) in each step of"
                            + " `step` minutes over the last `hours` hours, oldest first, every step present; the last step"
                            + " holds now. Steps are aligned to whole multiples of the step since the epoch.")
    Timeline timeline(
            @RequestParam(defaultValue = "3") @Parameter(description = "how far back, 1 to 24 hours") int hours,
            @RequestParam(defaultValue = "1") @Parameter(description = "minutes per point, 1 to 60") int step) {
        if (hours < 1 || hours > MAX_HOURS) {
            throw new InvalidInputException("hours", "must be between 1 and " + MAX_HOURS);
        }
        if (step < 1 || step > 60) {
            throw new InvalidInputException("step", "must be between 1 and 60 minutes");
        }
        Instant to = stepStart(Instant.now(), step).plus(Duration.ofMinutes(step));
        Instant from = stepStart(to.minus(Duration.ofHours(hours)), step);
        return timelines.between(null, from, to, step);
    }

    @GetMapping("/mailouts/{id}/timeline")
    @Operation(
            operationId = "getMailoutTimeline",
            summary = "One mailout's messages finished per step",
            description =
                    "Its messages that reached a final status (SENT, FAILED, EXPIRED, CANCELLED, SUPPRESSED) in each step,"
                            + " oldest first, every step present: from `since` (default: the first minute in which one of"
                            + " its messages became final) to now while it runs or is paused, else to the last such minute."
                            + " Without `step` the finest of 1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720 and 1,440 minutes"
                            + " that gives at most 180 points; at most " + MAX_POINTS
                            + " points in any case. No messages"
                            + " final yet and not under way: no points, `from` and `to` null.")
    Timeline mailoutTimeline(
            @PathVariable @Parameter(description = "the mailout's id") UUID id,
            @RequestParam(required = false) @Parameter(description = "minutes per point, 1 to 1,440") Integer step,
            @RequestParam(required = false)
                    @Parameter(description = "from this ISO-8601 instant on, e.g. 2026-11-23T10:15:30Z")
                    Instant since) {
        if (step != null && (step < 1 || step > MAX_STEP)) {
            throw new InvalidInputException("step", "must be between 1 and " + MAX_STEP + " minutes");
        }
        MailoutRow mailout = mailouts.row(id);
        boolean live = mailout.status() == MailoutStatus.RUNNING || mailout.status() == MailoutStatus.PAUSED;
        TimelineStore.Span span = timelines.span(id).orElse(null);
        if (span == null && !live) {
            return new Timeline(null, null, step == null ? 1 : step, List.of());
        }
        Instant now = Instant.now();
        Instant end = live ? now : span.last();
        Instant first = since != null ? since : span != null ? span.first() : now;
        first = first.isAfter(end) ? end : first;
        long minutes = Math.max(1, Duration.between(first, end).toMinutes() + 1);
        int chosen = step != null
                ? step
                : STEPS.stream()
                        .filter(candidate -> minutes <= (long) candidate * READABLE_POINTS)
                        .findFirst()
                        .orElse(MAX_STEP);
        if (step != null && minutes > (long) step * MAX_POINTS) {
            throw new InvalidInputException(
                    "step",
                    "gives more than " + MAX_POINTS + " points for this span: at least "
                            + (minutes + MAX_POINTS - 1) / MAX_POINTS);
        }
        Instant to = stepStart(end, chosen).plus(Duration.ofMinutes(chosen));
        Instant from = stepStart(first, chosen);
        if (Duration.between(from, to).toMinutes() > (long) chosen * MAX_POINTS) {
            from = to.minus(Duration.ofMinutes((long) chosen * MAX_POINTS));
        }
        return timelines.between(id, from, to, chosen);
    }

    /** The start of the step of {@code minutes} that holds {@code instant}, steps counted from the epoch. */
    private static Instant stepStart(Instant instant, int minutes) {
        long minute = instant.truncatedTo(ChronoUnit.MINUTES).getEpochSecond() / 60;
        return Instant.ofEpochSecond((minute - Math.floorMod(minute, minutes)) * 60);
    }

    /** {@code count} over the time from {@code from} to {@code to}; {@code null} while that is unknown or zero. */
    private static Double perSecond(long count, Instant from, Instant to) {
        if (from == null || to == null || !to.isAfter(from)) {
            return null;
        }
        return count * 1_000.0 / Duration.between(from, to).toMillis();
    }

    record Overview(Totals totals, Transactional transactional, Page<MailoutView> mailouts) {}

    /** The one-off messages by status, in all and by channel. */
    record Transactional(MessageCounts messages, Map<Channel, MessageCounts> byChannel) {}

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
