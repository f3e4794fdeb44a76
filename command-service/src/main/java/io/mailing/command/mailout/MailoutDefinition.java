package io.mailing.command.mailout;

import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.mailout.EmailContent;
import io.mailing.events.mailout.MailoutDefined;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.InvalidValueException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What an operator asks for: the text, who gets it, by which channel, and when. Every rule that does not depend on the clock holds
 * once this exists; "endAt is in the future" is the aggregate's to check, at the time it handles the command.
 *
 * @param deliveryWindow {@code null} when customers may be messaged at any local time
 * @param channel SMS (to customers with a phone) or e-mail (to customers with an address)
 * @param email an e-mail mailout's subject and HTML body; {@code null} for SMS
 */
record MailoutDefinition(
        String text,
        Instant startAt,
        Instant endAt,
        AudienceFilter filter,
        DeliveryWindow deliveryWindow,
        boolean includeLateJoiners,
        Channel channel,
        EmailContent email) {

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
        channel = Channel.orSms(channel);
        if ((channel == Channel.EMAIL) != (email != null)) {
            throw new IllegalArgumentException("an e-mail mailout, and only one, has a subject");
        }
    }

    /** The definition an event of the mailout's states. */
    static MailoutDefinition of(MailoutDefined event) {
        return new MailoutDefinition(
                event.text(),
                event.startAt(),
                event.endAt(),
                event.filter(),
                event.deliveryWindow(),
                event.includeLateJoiners(),
                event.channel(),
                event.email());
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
