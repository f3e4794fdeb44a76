package io.mailing.command.mailout;

import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.InvalidValueException;
import java.time.Instant;
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

    MailoutDefinition {
        if (!startAt.isBefore(endAt)) {
            throw new InvalidInputException("endAt", "must be after startAt");
        }
    }

    /** Text of 1 to {@value #MAX_TEXT_LENGTH} characters, not only white space. */
    static String text(String text) {
        int length = text.codePointCount(0, text.length());
        if (text.isBlank() || length > MAX_TEXT_LENGTH) {
            throw new InvalidValueException(
                    "must have 1 to " + MAX_TEXT_LENGTH + " characters and not be blank (has " + length + ")");
        }
        return text;
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
