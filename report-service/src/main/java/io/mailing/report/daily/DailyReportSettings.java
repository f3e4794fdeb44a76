package io.mailing.report.daily;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The daily statistics e-mail ({@code mailing.report.daily.*}); the mail server is Spring Boot's {@code spring.mail.*}.
 *
 * @param enabled whether this service sends the report at all (the API still answers)
 * @param to the recipients; required when a mail server is configured
 * @param from the sender's address
 * @param at the local time the report goes out, for the 24 hours up to it
 * @param zone the IANA zone of {@code at} and of the report's dates
 * @param queryApiUrl where the platform's query API answers; unset, the server this service runs in (standalone)
 * @param consoleUrl the console's address, for a link to each mailout; unset, no links
 * @param directory where the report is written (an {@code .eml} and an {@code .html} file) when no mail server is
 *     configured
 * @param catchUpDays how many days back a report missed while the platform was down is still sent (late)
 * @param retryBase the first wait after the mail server or the query API failed; it doubles up to {@code retryMax}
 * @param retryMax the longest wait between two tries
 */
@ConfigurationProperties("mailing.report.daily")
public record DailyReportSettings(
        @DefaultValue("true") boolean enabled,
        List<String> to,
        @DefaultValue("mailing-platform@localhost") String from,
        @DefaultValue("08:00") LocalTime at,
        @DefaultValue("UTC") ZoneId zone,
        URI queryApiUrl,
        URI consoleUrl,
        @DefaultValue("./reports") Path directory,
        @DefaultValue("7") int catchUpDays,
        @DefaultValue("1m") Duration retryBase,
        @DefaultValue("30m") Duration retryMax) {

    public DailyReportSettings {
        queryApiUrl = blankAsNone(queryApiUrl);
        consoleUrl = blankAsNone(consoleUrl);
        to = to == null
                ? List.of()
                : to.stream()
                        .map(String::strip)
                        .filter(address -> !address.isEmpty())
                        .toList();
        if (catchUpDays < 0 || catchUpDays > 31) {
            throw new IllegalArgumentException(
                    "mailing.report.daily.catch-up-days must be between 0 and 31, not " + catchUpDays);
        }
        if (retryBase.isNegative() || retryBase.isZero() || retryMax.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("mailing.report.daily.retry-base must be more than 0 and at most"
                    + " retry-max, not " + retryBase + " and " + retryMax);
        }
    }

    /** An address set to nothing ({@code CONSOLE_URL=}) is no address. */
    private static URI blankAsNone(URI uri) {
        return uri == null || uri.toString().isBlank() ? null : uri;
    }
}
