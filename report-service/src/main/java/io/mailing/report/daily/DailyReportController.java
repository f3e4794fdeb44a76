package io.mailing.report.daily;

import io.mailing.events.report.DailyReportSent;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.report.daily.Ledger.Trigger;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.mail.MailException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The daily report: read it for any past date, as JSON or as the e-mail's HTML, or send it now. */
@RestController
@RequestMapping("/api/v1/reports/daily")
@Tag(name = "Reports", description = "The daily statistics report, as the e-mail sends it")
class DailyReportController {

    private static final Logger log = LoggerFactory.getLogger(DailyReportController.class);
    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    private static final String DATE = "the report's date, YYYY-MM-DD, at most the next one due (the report in the"
            + " making, figures so far); default: the latest whose time has come";

    private final DailyReports reports;
    private final DailyReportMail mail;
    private final DailyReportSender sender;
    private final ReportDay days;

    DailyReportController(
            DailyReports reports, DailyReportMail mail, DailyReportSender sender, DailyReportSettings settings) {
        this.reports = reports;
        this.mail = mail;
        this.sender = sender;
        this.days = ReportDay.of(settings);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "getDailyReport",
            summary = "A day's report",
            description = "Every mailout that was running at some moment of the date's hours (from the send time of"
                    + " the day before to the date's), with its messages by status, throughput and top failure"
                    + " reasons, their totals and the change against the previous day's report; figures as of now."
                    + " `Accept: text/html` gives the e-mail's HTML.")
    DailyReport report(@RequestParam(required = false) @Parameter(description = DATE) LocalDate date) {
        return reports.of(checked(date));
    }

    @GetMapping(produces = MediaType.TEXT_HTML_VALUE)
    @Operation(operationId = "getDailyReportHtml", summary = "A day's report as the e-mail's HTML")
    String html(@RequestParam(required = false) @Parameter(description = DATE) LocalDate date) {
        return mail.html(reports.of(checked(date)), false);
    }

    @PostMapping("/send")
    @Operation(
            operationId = "sendDailyReport",
            summary = "Send a day's report now",
            description = "To the configured recipients (without a mail server: into the report directory), on"
                    + " record as a MANUAL DailyReportSent event naming who asked. The scheduled report of that date"
                    + " still goes out at its time if it has not. 503 when the mail server does not take it.")
    DailyReportSent send(@RequestParam(required = false) @Parameter(description = DATE) LocalDate date) {
        LocalDate day = checked(date);
        try {
            return sender.send(day, Trigger.MANUAL);
        } catch (MessagingException | MailException | IOException e) {
            log.warn("The daily report of {} could not be sent on request", day, e);
            throw new ErrorResponseException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemDetail.forStatusAndDetail(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "The report could not be delivered (the mail server or the report directory refused"
                                    + " it); nothing was recorded. Try again later."),
                    e);
        }
    }

    /** The date asked for; none: the latest report due. At most the report in the making, the one due next. */
    private LocalDate checked(LocalDate date) {
        LocalDate latest = days.latestDue(Instant.now());
        if (date == null) {
            return latest;
        }
        if (date.isBefore(EARLIEST)) {
            throw new InvalidInputException("date", "must be " + EARLIEST + " or later");
        }
        if (date.isAfter(latest.plusDays(1))) {
            throw new InvalidInputException(
                    "date", "must be at most " + latest.plusDays(1) + ", the report in the making");
        }
        return date;
    }
}
