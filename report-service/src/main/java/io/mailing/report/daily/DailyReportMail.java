package io.mailing.report.daily;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The report as an e-mail: a {@code multipart/alternative} message of plain text and HTML (a table layout with inline
 * styles, which is what mail clients render alike). A scheduled report's Message-ID is its date's, so that a report
 * sent again after a crash between the mail server's acceptance and its record is recognisable as the same message.
 */
@Component
class DailyReportMail {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ENGLISH);

    private final ITemplateEngine templates;
    private final DailyReportSettings settings;

    DailyReportMail(ITemplateEngine templates, DailyReportSettings settings) {
        this.templates = templates;
        this.settings = settings;
    }

    String subject(DailyReport report, boolean late) {
        return String.format(
                Locale.ENGLISH,
                "Daily report %s: %s, %,d sent, %,d failed%s",
                report.date(),
                count(report.totals().mailouts(), "mailout"),
                report.totals().messages().get("SENT"),
                report.totals().messages().get("FAILED"),
                late ? " (late)" : "");
    }

    String html(DailyReport report, boolean late) {
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("report", report);
        context.setVariable("late", late);
        context.setVariable("subject", subject(report, late));
        context.setVariable("statuses", DailyReport.STATUSES);
        context.setVariable("mail", this);
        return templates.process("report/daily-report", context);
    }

    String text(DailyReport report, boolean late) {
        StringBuilder text = new StringBuilder();
        text.append(subject(report, late)).append("\n\n");
        if (late) {
            text.append("This report is late: it went out after its time, ")
                    .append(time(report.until()))
                    .append(".\n\n");
        }
        text.append("Mailouts that ran from ")
                .append(time(report.from()))
                .append(" to ")
                .append(time(report.until()))
                .append(", figures as of ")
                .append(time(report.asOf()))
                .append(".\n\n");
        DailyReport.Totals totals = report.totals();
        text.append("Totals: ")
                .append(count(totals.mailouts(), "mailout"))
                .append(", ")
                .append(count(totals.audience(), "recipient"))
                .append('\n');
        text.append("  ").append(counts(totals.messages())).append('\n');
        if (report.previous() != null) {
            text.append("  change since ")
                    .append(report.previous().date())
                    .append(": ")
                    .append(changes(report.previous().change()))
                    .append('\n');
        }
        if (!totals.failureReasons().isEmpty()) {
            text.append("  failures: ").append(reasons(totals.failureReasons())).append('\n');
        }
        for (DailyReport.Mailout mailout : report.mailouts()) {
            text.append("\n* ").append(mailout.text()).append('\n');
            text.append("  ")
                    .append(mailout.status())
                    .append(", ")
                    .append(count(mailout.audience(), "recipient"))
                    .append(", ")
                    .append(throughput(mailout.messagesPerSecond()))
                    .append('\n');
            text.append("  ").append(counts(mailout.messages())).append('\n');
            if (!mailout.failureReasons().isEmpty()) {
                text.append("  failures: ")
                        .append(reasons(mailout.failureReasons()))
                        .append('\n');
            }
            text.append("  ")
                    .append(mailout.link() != null ? mailout.link().toString() : "mailout " + mailout.id())
                    .append('\n');
        }
        if (report.mailouts().isEmpty()) {
            text.append("\nNo mailout ran in these hours.\n");
        }
        return text.toString();
    }

    /** The message to {@code to} from the configured sender. */
    MimeMessage message(Session session, DailyReport report, boolean late, Ledger.Trigger trigger, List<String> to)
            throws MessagingException {
        String id = trigger == Ledger.Trigger.SCHEDULED
                ? "<daily-report-" + report.date() + "@mailing-platform>"
                : "<daily-report-" + report.date() + "-" + UUID.randomUUID() + "@mailing-platform>";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", id);
            }
        };
        message.setFrom(new InternetAddress(settings.from()));
        for (String recipient : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject(report, late), "UTF-8");
        message.setSentDate(new Date());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(text(report, late), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(html(report, late), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /** An instant in the report's zone, to the minute. */
    public String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant.atZone(settings.zone()));
    }

    /** Messages per second, or a dash before any finished. */
    public String throughput(Double perSecond) {
        return perSecond == null
                ? "no messages finished yet"
                : String.format(Locale.ENGLISH, "%.1f messages/s", perSecond);
    }

    /** A change with its sign ({@code +3}, {@code -1}, {@code 0}). */
    public String signed(long change) {
        return String.format(Locale.ENGLISH, change > 0 ? "+%,d" : "%,d", change);
    }

    public String number(long count) {
        return String.format(Locale.ENGLISH, "%,d", count);
    }

    /** {@code 1 mailout}, {@code 1,300 recipients}. */
    public String count(long count, String noun) {
        return number(count) + " " + noun + (count == 1 ? "" : "s");
    }

    private String counts(Map<String, Long> counts) {
        StringBuilder line = new StringBuilder();
        counts.forEach((status, count) -> line.append(line.isEmpty() ? "" : ", ")
                .append(number(count))
                .append(' ')
                .append(status));
        return line.toString();
    }

    private String changes(Map<String, Long> change) {
        StringBuilder line = new StringBuilder();
        change.forEach((status, count) -> line.append(line.isEmpty() ? "" : ", ")
                .append(signed(count))
                .append(' ')
                .append(status));
        return line.toString();
    }

    private String reasons(List<DailyReport.FailureReason> reasons) {
        StringBuilder line = new StringBuilder();
        for (DailyReport.FailureReason reason : reasons) {
            line.append(line.isEmpty() ? "" : "; ").append(reason(reason));
        }
        return line.toString();
    }

    /** {@code SERVER_ERROR: 88 failed attempts, 3 messages failed} (the messages only when some failed for good). */
    public String reason(DailyReport.FailureReason reason) {
        return reason.errorKind() + ": " + number(reason.failedAttempts()) + " failed attempts"
                + (reason.failedMessages() > 0 ? ", " + number(reason.failedMessages()) + " messages failed" : "");
    }
}
