package io.mailing.events.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The daily statistics report {@code reportId} (the report of one date: every sending of it has that id, a name-based
 * UUID of the date, under which the audit keeps its trail), of {@code date} (an ISO date: the 24 hours from {@code from} to {@code until}, its send
 * time in {@code zone}) went out at {@code sentAt} to {@code recipients} (none: written to a file, no mail server
 * being configured), with the figures as they were at {@code asOf}: {@code mailouts} mailouts that ran in those hours
 * and their {@code messages} by status. {@code late} when it went out well after its time (the platform was down, or
 * the mail server refused it for a while); {@code trigger} {@code SCHEDULED}, or {@code MANUAL} when an operator asked
 * for it (the event's metadata names them). A scheduled report is sent once per date; its totals are what the next
 * day's report compares itself with.
 */
@Revision("1")
public record DailyReportSent(
        UUID reportId,
        String date,
        String zone,
        Instant from,
        Instant until,
        Instant asOf,
        Instant sentAt,
        List<String> recipients,
        boolean late,
        String trigger,
        long mailouts,
        Map<String, Long> messages) {}
