package io.mailing.report.daily;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

class DailyReportMailTest {

    private static final UUID MAILOUT = UUID.fromString("3f0c8c36-8f1e-4a8e-9a54-6b8f3c1d2e10");
    private static final Instant UNTIL = Instant.parse("2026-12-06T08:00:00Z");
    private static final DailyReportSettings SETTINGS = new DailyReportSettings(
            true,
            List.of("ops@example.com"),
            "reports@example.com",
            LocalTime.of(8, 0),
            ZoneId.of("UTC"),
            null,
            URI.create("https://console.example.com"),
            Path.of("reports"),
            7,
            Duration.ofMinutes(1),
            Duration.ofMinutes(30));

    private final DailyReportMail mail = new DailyReportMail(templates(), SETTINGS);

    @Test
    void isPlainTextAndHtmlAlternativesWithTheDatesOwnMessageId() throws Exception {
        MimeMessage message = mail.message(
                Session.getInstance(new Properties()),
                report(),
                false,
                Ledger.Trigger.SCHEDULED,
                List.of("ops@example.com"));

        assertThat(message.getContentType()).startsWith("multipart/alternative");
        Multipart parts = (Multipart) message.getContent();
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(message.getMessageID()).isEqualTo("<daily-report-2026-12-06@mailing-platform>");
        assertThat(message.getFrom()[0].toString()).isEqualTo("reports@example.com");
        assertThat(message.getSubject()).isEqualTo("Daily report 2026-12-06: 1 mailout, 1,200 sent, 30 failed");
    }

    @Test
    void theTextGivesEveryFigureAndTheChangeSinceThePreviousReport() {
        String text = mail.text(report(), true);

        assertThat(text)
                .contains("This report is late")
                .contains("Totals: 1 mailout, 1,250 recipients")
                .contains("1,200 SENT, 30 FAILED, 5 EXPIRED, 0 CANCELLED, 0 SUPPRESSED, 15 PENDING")
                .contains(
                        "change since 2026-12-05: +200 SENT, -10 FAILED, +5 EXPIRED, 0 CANCELLED, 0 SUPPRESSED, +15 PENDING")
                .contains("Black Friday: 20% off everything")
                .contains("RUNNING, 1,250 recipients, 12.5 messages/s")
                .contains("SERVER_ERROR: 45 failed attempts, 30 messages failed")
                .contains("https://console.example.com/mailouts/" + MAILOUT);
    }

    @Test
    void theHtmlLinksEachMailoutToTheConsoleAndEscapesItsText() {
        String html = mail.html(report(), false);

        assertThat(html)
                .contains("href=\"https://console.example.com/mailouts/" + MAILOUT + "\"")
                .contains("Black Friday: 20% off everything &lt;b&gt;now&lt;/b&gt;")
                .contains("1,200")
                .contains("+200")
                .doesNotContain("Late:");
    }

    @Test
    void shortensLongTextsToOneLine() {
        assertThat(DailyReports.shorten("a\n\nb  c")).isEqualTo("a b c");
        assertThat(DailyReports.shorten("x".repeat(200)))
                .hasSize(DailyReports.TEXT_SHOWN)
                .endsWith("…");
    }

    private static DailyReport report() {
        Map<String, Long> messages = counts(1_200, 30, 5, 0, 15);
        DailyReport.FailureReason serverErrors = new DailyReport.FailureReason("SERVER_ERROR", 45, 30);
        DailyReport.Mailout mailout = new DailyReport.Mailout(
                MAILOUT,
                "Black Friday: 20% off everything <b>now</b>",
                "RUNNING",
                UNTIL.minus(Duration.ofHours(2)),
                null,
                1_250,
                messages,
                12.5,
                List.of(serverErrors),
                URI.create("https://console.example.com/mailouts/" + MAILOUT));
        return new DailyReport(
                DailyReport.idOf(LocalDate.of(2026, 12, 6)),
                "2026-12-06",
                "UTC",
                UNTIL.minus(Duration.ofDays(1)),
                UNTIL,
                UNTIL.plusSeconds(3),
                List.of(mailout),
                new DailyReport.Totals(1, 1_250, messages, List.of(serverErrors)),
                new DailyReport.Previous("2026-12-05", 2, counts(1_000, 40, 0, 0, 0), counts(200, -10, 5, 0, 15)));
    }

    private static Map<String, Long> counts(long sent, long failed, long expired, long cancelled, long pending) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("SENT", sent);
        counts.put("FAILED", failed);
        counts.put("EXPIRED", expired);
        counts.put("CANCELLED", cancelled);
        counts.put("SUPPRESSED", 0L);
        counts.put("PENDING", pending);
        return counts;
    }

    private static SpringTemplateEngine templates() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
