package io.mailing.query.mailout;

import io.mailing.platform.problem.InvalidInputException;
import java.time.Instant;

/**
 * A span of time a mailout was running in at some moment: started before {@code until} and neither completed nor
 * cancelled before {@code from} (a mailout paused in it counts: it had started and was not over). The daily report
 * lists the mailouts of its 24 hours this way.
 */
public record Running(Instant from, Instant until) {

    /** The instants a span may name, as everywhere in the API: the database holds any of them. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    /** Both ends or neither ({@code null}); a 400 naming the field when only one is given or they are out of order. */
    public static Running between(Instant from, Instant until) {
        if (from == null && until == null) {
            return null;
        }
        if (from == null) {
            throw new InvalidInputException("runningFrom", "is required with runningUntil");
        }
        if (until == null) {
            throw new InvalidInputException("runningUntil", "is required with runningFrom");
        }
        within("runningFrom", from);
        within("runningUntil", until);
        if (!from.isBefore(until)) {
            throw new InvalidInputException("runningUntil", "must be after runningFrom");
        }
        return new Running(from, until);
    }

    private static void within(String field, Instant instant) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidInputException(field, "must be between " + EARLIEST + " and " + LATEST);
        }
    }
}
