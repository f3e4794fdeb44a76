package io.mailing.command.mailout;

import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.InvalidValueException;
import io.mailing.platform.text.SafeText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What an operator asks for: the text, who gets it, and when. Every rule that does not depend on the clock holds
 * once this exists; "endAt is in the future" is the aggregate's to check, at the time it handles the command.
 *
 * @param deliveryWindow {@code null} when customers may be messaged at any local time
 */
record MailoutDefinition(
        String text,
        Instant startAt,
        Instant endAt,
        AudienceFilter filter,
        DeliveryWindow deliveryWindow,
        boolean includeLateJoiners) {

    static final int MAX_TEXT_LENGTH = 1600;

    /** The first instant a mailout may start or end at; with {@link #LATEST} it bounds what every store can hold. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /** The last instant a mailout may start or end at (the end of the year 2100). */
    static final Instant LATEST = Instant.parse("2100-12-31T23:59:59.999999Z");

    static final int MAX_FILTER_OPERATOR_CODES = 100;
    static final int MAX_FILTER_TAGS = 100;

    MailoutDefinition {
        if (!startAt.isBefore(endAt)) {
            throw new InvalidInputException("endAt", "must be after startAt");
        }
    }

    /** Safe text of 1 to {@value #MAX_TEXT_LENGTH} characters, not only white space. */
    static String text(String text) {
        SafeText.check(text, MAX_TEXT_LENGTH);
        if (text.isBlank()) {
            throw new InvalidValueException("must have 1 to " + MAX_TEXT_LENGTH + " characters and not be blank");
        }
        return text;
    }

    /** An instant from {@link #EARLIEST} to {@link #LATEST}. */
    static Instant instant(OffsetDateTime time) {
        Instant instant = time.toInstant();
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidValueException("must be from " + EARLIEST + " to " + LATEST + " (the years 2000 to 2100)");
        }
        return instant;
    }

    /** A filter that selects somebody: at least one operator code or tag. */
    static AudienceFilter filter(List<String> operatorCodes, List<String> tags) {
        AudienceFilter filter = new AudienceFilter(operatorCodes, tags);
        if (filter.operatorCodes().isEmpty() && filter.tags().isEmpty()) {
            throw new InvalidValueException("needs at least one operator code or tag");
        }
        return filter;
    }

    static DeliveryWindow window(DeliveryWindow window) {
        if (window.from().equals(window.to())) {
            throw new InvalidValueException("from and to must differ (a window from > to wraps midnight)");
        }
        return window;
    }
}
