package io.mailing.report.daily;

import io.mailing.report.daily.DailyReport.FailureReason;
import io.mailing.report.daily.QueryApi.Figures;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Makes a date's report from the query API's figures, and the previous report from the ledger of those sent. */
@Component
class DailyReports {

    static final int TEXT_SHOWN = 80;
    static final int REASONS_SHOWN = 3;

    private static final Set<String> PENDING = Set.of("QUEUED", "DEFERRED", "RETRYING");

    /** Failed messages first, then failed attempts, then by name, so equal counts come in a stable order. */
    private static final Comparator<FailureReason> MOST_FREQUENT = Comparator.comparingLong(
                    FailureReason::failedMessages)
            .thenComparingLong(FailureReason::failedAttempts)
            .reversed()
            .thenComparing(FailureReason::errorKind);

    private final QueryApi api;
    private final Ledger ledger;
    private final DailyReportSettings settings;
    private final ReportDay days;

    DailyReports(QueryApi api, Ledger ledger, DailyReportSettings settings) {
        this.api = api;
        this.ledger = ledger;
        this.settings = settings;
        this.days = ReportDay.of(settings);
    }

    DailyReport of(LocalDate date) {
        var from = days.from(date);
        var until = days.until(date);
        var asOf = Instant.now();
        List<DailyReport.Mailout> mailouts = new ArrayList<>();
        Map<String, FailureReason> reasons = new TreeMap<>();
        for (QueryApi.Listed listed : api.running(from, until)) {
            Figures figures = api.figures(listed.id());
            List<FailureReason> mailoutReasons = reasons(figures);
            mailoutReasons.forEach(reason -> reasons.merge(reason.errorKind(), reason, DailyReports::add));
            mailouts.add(mailout(listed, figures, mailoutReasons));
        }
        DailyReport.Totals totals = totals(mailouts, reasons.values());
        DailyReport.Previous previous = ledger.sent(date.minusDays(1))
                .map(sent -> new DailyReport.Previous(
                        sent.date().toString(),
                        sent.mailouts(),
                        sent.messages(),
                        change(totals.messages(), sent.messages())))
                .orElse(null);
        return new DailyReport(
                DailyReport.idOf(date),
                date.toString(),
                settings.zone().getId(),
                from,
                until,
                asOf,
                mailouts,
                totals,
                previous);
    }

    private DailyReport.Mailout mailout(QueryApi.Listed listed, Figures figures, List<FailureReason> reasons) {
        Map<String, Long> messages = byReportStatus(figures.messages().byStatus());
        return new DailyReport.Mailout(
                listed.id(),
                shorten(listed.text()),
                figures.status(),
                figures.startedAt(),
                figures.completedAt() != null ? figures.completedAt() : figures.cancelledAt(),
                figures.messages().total(),
                messages,
                figures.throughput() == null ? null : figures.throughput().finishedPerSecond(),
                mostFrequent(reasons),
                link(listed));
    }

    private static List<FailureReason> reasons(Figures figures) {
        return figures.failureReasons() == null
                ? List.of()
                : figures.failureReasons().stream()
                        .map(reason ->
                                new FailureReason(reason.errorKind(), reason.failedAttempts(), reason.failedMessages()))
                        .toList();
    }

    private static FailureReason add(FailureReason one, FailureReason other) {
        return new FailureReason(
                one.errorKind(),
                one.failedAttempts() + other.failedAttempts(),
                one.failedMessages() + other.failedMessages());
    }

    private static List<FailureReason> mostFrequent(Collection<FailureReason> reasons) {
        return reasons.stream().sorted(MOST_FREQUENT).limit(REASONS_SHOWN).toList();
    }

    /** The API's statuses as the report counts them: the final ones, and the others together as PENDING. */
    static Map<String, Long> byReportStatus(Map<String, Long> byStatus) {
        Map<String, Long> counts = zero();
        byStatus.forEach(
                (status, count) -> counts.merge(PENDING.contains(status) ? "PENDING" : status, count, Long::sum));
        return counts;
    }

    private static DailyReport.Totals totals(List<DailyReport.Mailout> mailouts, Collection<FailureReason> reasons) {
        Map<String, Long> messages = zero();
        long audience = 0;
        for (DailyReport.Mailout mailout : mailouts) {
            audience += mailout.audience();
            mailout.messages().forEach((status, count) -> messages.merge(status, count, Long::sum));
        }
        return new DailyReport.Totals(mailouts.size(), audience, messages, mostFrequent(reasons));
    }

    private static Map<String, Long> change(Map<String, Long> now, Map<String, Long> before) {
        Map<String, Long> change = new LinkedHashMap<>();
        for (String status : DailyReport.STATUSES) {
            change.put(status, now.getOrDefault(status, 0L) - before.getOrDefault(status, 0L));
        }
        return change;
    }

    private static Map<String, Long> zero() {
        Map<String, Long> counts = new LinkedHashMap<>();
        DailyReport.STATUSES.forEach(status -> counts.put(status, 0L));
        return counts;
    }

    static String shorten(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() <= TEXT_SHOWN
                ? line
                : line.substring(0, TEXT_SHOWN - 1).stripTrailing() + "…";
    }

    private URI link(QueryApi.Listed listed) {
        if (settings.consoleUrl() == null) {
            return null;
        }
        String base = settings.consoleUrl().toString().replaceAll("/+$", "");
        return URI.create(base + "/mailouts/" + listed.id());
    }
}
