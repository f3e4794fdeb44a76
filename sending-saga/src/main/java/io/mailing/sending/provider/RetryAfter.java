package io.mailing.sending.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** A provider's {@code Retry-After} header (RFC 9110): how long it asks us to wait before the next call. */
final class RetryAfter {

    private static final Pattern DELAY_SECONDS = Pattern.compile("\\d{1,18}");
    private static final DateTimeFormatter RFC_850 = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'")
            .withLocale(Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy")
            .withLocale(Locale.US)
            .withZone(ZoneOffset.UTC);

    private RetryAfter() {}

    /**
     * Reads a {@code Retry-After} value: delay-seconds, or an HTTP-date (IMF-fixdate and the obsolete RFC 850 and
     * asctime forms) measured from {@code now}; a date in the past is zero. {@code null} when it is neither.
     */
    static Duration parse(String value, Instant now) {
        String trimmed = value.strip();
        if (DELAY_SECONDS.matcher(trimmed).matches()) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        Instant at = httpDate(trimmed, now);
        if (at == null) {
            return null;
        }
        return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    }

    private static Instant httpDate(String value, Instant now) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException notImfFixdate) {
            // fall through to the obsolete forms
        }
        try {
            Instant at = ZonedDateTime.parse(value, RFC_850).toInstant();
            // RFC 9110: a two-digit year more than 50 years ahead means the most recent past century.
            return at.isAfter(now.atOffset(ZoneOffset.UTC).plusYears(50).toInstant())
                    ? at.atOffset(ZoneOffset.UTC).minusYears(100).toInstant()
                    : at;
        } catch (DateTimeParseException notRfc850) {
            // fall through
        }
        try {
            return ZonedDateTime.parse(value, ASCTIME).toInstant();
        } catch (DateTimeParseException notAsctime) {
            return null;
        }
    }
}
