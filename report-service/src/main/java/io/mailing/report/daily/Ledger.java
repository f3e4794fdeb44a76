package io.mailing.report.daily;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.events.report.DailyReportSent;
import io.mailing.platform.correlation.EventMetadata;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What has been sent ({@code report.daily_report}): every report goes on record as a {@link DailyReportSent} event,
 * and a scheduled one also as its date's row, in the same transaction, so a date is recorded once whatever the
 * replicas; and the first date this platform reports on ({@code report.daily_report_start}).
 */
@Component
class Ledger {

    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventBus eventBus;
    private final ObjectMapper json;

    Ledger(JdbcTemplate jdbc, PlatformTransactionManager transactions, EventBus eventBus, ObjectMapper json) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.eventBus = eventBus;
        this.json = json;
    }

    /** The first date to report on: {@code candidate} unless an earlier start recorded one. */
    LocalDate firstDate(LocalDate candidate) {
        jdbc.update(
                "INSERT INTO report.daily_report_start (first_date) VALUES (?) ON CONFLICT DO NOTHING",
                Date.valueOf(candidate));
        return jdbc.queryForObject("SELECT first_date FROM report.daily_report_start", LocalDate.class);
    }

    /** The latest date whose scheduled report was sent. */
    Optional<LocalDate> lastSent() {
        return Optional.ofNullable(
                jdbc.queryForObject("SELECT max(report_date) FROM report.daily_report", LocalDate.class));
    }

    /** The scheduled report of {@code date}, as it was sent. */
    Optional<Sent> sent(LocalDate date) {
        return jdbc
                .query(
                        "SELECT report_date, mailouts, messages FROM report.daily_report WHERE report_date = ?",
                        this::row,
                        Date.valueOf(date))
                .stream()
                .findFirst();
    }

    /**
     * Puts a report that went out on record; for a scheduled one, only if its date is not on record yet (false when
     * it was).
     */
    boolean record(DailyReportSent event) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            if (Trigger.valueOf(event.trigger()) == Trigger.SCHEDULED
                    && jdbc.update(
                                    """
                                    INSERT INTO report.daily_report (report_date, sent_at, as_of, late, mailouts, messages)
                                    VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING""",
                                    Date.valueOf(LocalDate.parse(event.date())),
                                    java.sql.Timestamp.from(event.sentAt()),
                                    java.sql.Timestamp.from(event.asOf()),
                                    event.late(),
                                    event.mailouts(),
                                    write(event.messages()))
                            == 0) {
                return false;
            }
            eventBus.publish(GenericEventMessage.asEventMessage(event).andMetaData(EventMetadata.ofCurrentRequest()));
            return true;
        }));
    }

    private Sent row(ResultSet rs, int rowNumber) throws SQLException {
        try {
            return new Sent(
                    rs.getObject("report_date", LocalDate.class),
                    rs.getLong("mailouts"),
                    json.readValue(rs.getString("messages"), COUNTS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable counts in report.daily_report", e);
        }
    }

    private String write(Map<String, Long> counts) {
        try {
            return json.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A scheduled report on record: its date, and the totals it sent. */
    record Sent(LocalDate date, long mailouts, Map<String, Long> messages) {}

    /** Why a report went out: its time came, or an operator asked for it. */
    enum Trigger {
        SCHEDULED,
        MANUAL
    }
}
