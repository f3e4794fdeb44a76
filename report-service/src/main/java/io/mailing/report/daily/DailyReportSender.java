package io.mailing.report.daily;

import io.mailing.events.report.DailyReportSent;
import io.mailing.report.daily.Ledger.Trigger;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Sends reports and puts them on record. The scheduled run sends every report that is due and not on record, oldest
 * first, each marked late when it goes out more than {@link #LATE_AFTER} after its time; the first failure stops the
 * run, to be retried, and the reports not sent yet stay due. A crash between a report's delivery and its record sends
 * it again on the next run, with the same Message-ID.
 */
@Component
class DailyReportSender {

    static final Duration LATE_AFTER = Duration.ofMinutes(15);

    private static final Logger log = LoggerFactory.getLogger(DailyReportSender.class);

    private final DailyReports reports;
    private final DailyReportMail mail;
    private final ReportDelivery delivery;
    private final Ledger ledger;
    private final DailyReportSettings settings;
    private final ReportDay days;

    /** The first date this platform reports on: fixed once recorded, so read once (every metrics scrape asks). */
    private volatile LocalDate firstDate;

    DailyReportSender(
            DailyReports reports,
            DailyReportMail mail,
            ReportDelivery delivery,
            Ledger ledger,
            DailyReportSettings settings) {
        this.reports = reports;
        this.mail = mail;
        this.delivery = delivery;
        this.ledger = ledger;
        this.settings = settings;
        this.days = ReportDay.of(settings);
    }

    /** Fixes the first date to report on when the platform starts for the first time: the next one due. */
    @EventListener(ApplicationReadyEvent.class)
    void firstStart() {
        firstDate(Instant.now());
    }

    /** The scheduled reports due at {@code now} and not sent, oldest first. */
    List<LocalDate> due(Instant now) {
        return days.due(firstDate(now), ledger.lastSent().orElse(null), now, settings.catchUpDays());
    }

    /** How long the oldest report that is due has waited since its time; zero when none waits. */
    Duration overdue(Instant now) {
        List<LocalDate> due = due(now);
        return due.isEmpty() ? Duration.ZERO : Duration.between(days.until(due.get(0)), now);
    }

    /** Sends every report that is due; throws at the first that cannot be made or delivered. */
    void sendDue(Instant now) throws MessagingException, IOException {
        for (LocalDate date : due(now)) {
            send(date, Trigger.SCHEDULED);
        }
    }

    /** Makes the report of {@code date}, delivers it and puts it on record. */
    DailyReportSent send(LocalDate date, Trigger trigger) throws MessagingException, IOException {
        DailyReport report = reports.of(date);
        Instant now = Instant.now();
        boolean late =
                trigger == Trigger.SCHEDULED && now.isAfter(report.until().plus(LATE_AFTER));
        String name = "daily-report-" + date + (trigger == Trigger.SCHEDULED ? "" : "-" + now.getEpochSecond());
        String html = mail.html(report, late);
        List<String> recipients = delivery.recipients();
        MimeMessage message = mail.message(delivery.session(), report, late, trigger, recipients);
        delivery.deliver(message, name, html);
        DailyReportSent sent = new DailyReportSent(
                report.id(),
                report.date(),
                report.zone(),
                report.from(),
                report.until(),
                report.asOf(),
                now,
                recipients,
                late,
                trigger.name(),
                report.totals().mailouts(),
                report.totals().messages());
        if (ledger.record(sent)) {
            log.info(
                    "Daily report of {} sent ({}, {} recipients{}): {} mailouts",
                    date,
                    trigger,
                    recipients.size(),
                    late ? ", late" : "",
                    report.totals().mailouts());
        }
        return sent;
    }

    private LocalDate firstDate(Instant now) {
        LocalDate first = firstDate;
        if (first == null) {
            first = ledger.firstDate(days.latestDue(now).plusDays(1));
            firstDate = first;
        }
        return first;
    }
}
