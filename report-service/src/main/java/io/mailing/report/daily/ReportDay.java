package io.mailing.report.daily;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The days of the daily report: the report of a date covers the hours from the send time of the day before to its own
 * send time ({@code at} in {@code zone}: 24 hours, or 23 or 25 across a clock change), and is due from then on.
 */
record ReportDay(LocalTime at, ZoneId zone) {

    static ReportDay of(DailyReportSettings settings) {
        return new ReportDay(settings.at(), settings.zone());
    }

    /** When the report of {@code date} is due: the end of the hours it covers. */
    Instant until(LocalDate date) {
        return date.atTime(at).atZone(zone).toInstant();
    }

    /** The start of the hours the report of {@code date} covers. */
    Instant from(LocalDate date) {
        return until(date.minusDays(1));
    }

    /** The latest date whose report is due at {@code now}. */
    LocalDate latestDue(Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return until(today).isAfter(now) ? today.minusDays(1) : today;
    }

    /**
     * The scheduled reports due at {@code now} and not sent yet, oldest first: every date after {@code lastSent}
     * (none sent yet: from {@code first}, the first date this platform reports on), but at most {@code catchUpDays}
     * before the latest due date.
     */
    List<LocalDate> due(LocalDate first, LocalDate lastSent, Instant now, int catchUpDays) {
        LocalDate latest = latestDue(now);
        LocalDate next = lastSent == null ? first : lastSent.plusDays(1);
        LocalDate oldest = latest.minusDays(catchUpDays);
        if (next.isBefore(oldest)) {
            next = oldest;
        }
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate date = next; !date.isAfter(latest); date = date.plusDays(1)) {
            dates.add(date);
        }
        return dates;
    }
}
