package io.mailing.console.mailout;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mailout form (create and edit) as typed: the channel (an e-mail's subject and HTML body sent only for an
 * e-mail), start and end in the operator's chosen time zone, operator codes and
 * tags as comma-separated lists. {@link #request} turns it into the command API's body; what cannot be read is named
 * by the API's own field name, so local and API errors show the same way.
 */
record MailoutForm(
        String channel,
        String subject,
        String html,
        String text,
        String start,
        String end,
        String zone,
        String operatorCodes,
        String tags,
        String windowFrom,
        String windowTo,
        Boolean includeLateJoiners) {

    /** The time zones the form offers, by name. */
    static final List<String> ZONES =
            ZoneId.getAvailableZoneIds().stream().sorted().toList();

    static MailoutForm empty(ZoneId zone) {
        return new MailoutForm("SMS", "", "", "", "", "", zone.getId(), "", "", "", "", false);
    }

    /** The form filled with a mailout as it is, its start and end shown in {@code zone}. */
    static MailoutForm of(Mailout mailout, ZoneId zone) {
        Mailout.Window window = mailout.deliveryWindow();
        return new MailoutForm(
                mailout.channel(),
                mailout.subject() == null ? "" : mailout.subject(),
                mailout.html() == null ? "" : mailout.html(),
                mailout.text(),
                local(mailout.startAt(), zone),
                local(mailout.endAt(), zone),
                zone.getId(),
                String.join(", ", mailout.filter().operatorCodes()),
                String.join(", ", mailout.filter().tags()),
                window == null ? "" : window.from().toString(),
                window == null ? "" : window.to().toString(),
                mailout.includeLateJoiners());
    }

    private static String local(Instant instant, ZoneId zone) {
        return instant.atZone(zone)
                .toLocalDateTime()
                .truncatedTo(ChronoUnit.MINUTES)
                .toString();
    }

    /** The body of {@code POST /api/v1/mailouts}, and the fields that could not be read. */
    Map<String, Object> request(Map<String, String> errors) {
        ZoneId zoneId = zone(errors);
        Map<String, Object> body = new LinkedHashMap<>();
        boolean email = "EMAIL".equals(channel);
        body.put("channel", email ? "EMAIL" : "SMS");
        if (email) {
            body.put("subject", subject == null ? "" : subject);
            if (!blank(html)) {
                body.put("html", html);
            }
        }
        body.put("text", text);
        body.put("startAt", instant(start, zoneId, "startAt", errors));
        body.put("endAt", instant(end, zoneId, "endAt", errors));
        body.put("filter", Map.of("operatorCodes", list(operatorCodes), "tags", list(tags)));
        if (!blank(windowFrom) || !blank(windowTo)) {
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("from", time(windowFrom, "deliveryWindow.from", errors));
            window.put("to", time(windowTo, "deliveryWindow.to", errors));
            body.put("deliveryWindow", window);
        }
        body.put("includeLateJoiners", Boolean.TRUE.equals(includeLateJoiners));
        return body;
    }

    private ZoneId zone(Map<String, String> errors) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException | NullPointerException e) {
            errors.put("zone", "not a time zone");
            return ZoneId.of("UTC");
        }
    }

    private static String instant(String local, ZoneId zone, String field, Map<String, String> errors) {
        if (blank(local)) {
            return null;
        }
        try {
            return LocalDateTime.parse(local).atZone(zone).toOffsetDateTime().toString();
        } catch (DateTimeException e) {
            errors.put(field, "not a date and time");
            return null;
        }
    }

    private static String time(String local, String field, Map<String, String> errors) {
        if (blank(local)) {
            return null;
        }
        try {
            return LocalTime.parse(local).toString();
        } catch (DateTimeException e) {
            errors.put(field, "not a time of day");
            return null;
        }
    }

    /** The items of a comma-separated list, without blanks. */
    static List<String> list(String commaSeparated) {
        if (blank(commaSeparated)) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
