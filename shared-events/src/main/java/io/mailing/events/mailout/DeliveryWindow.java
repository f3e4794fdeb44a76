package io.mailing.events.mailout;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Local times (the customer's zone) in which a customer may be messaged: {@code [from, to)}. A window with
 * {@code from} after {@code to} wraps midnight, e.g. 21:00–06:00.
 */
public record DeliveryWindow(LocalTime from, LocalTime to) {

    /** Whether the local time falls inside the window. */
    public boolean contains(LocalTime time) {
        if (from.isBefore(to)) {
            return !time.isBefore(from) && time.isBefore(to);
        }
        return !time.isBefore(from) || time.isBefore(to);
    }

    /**
     * The first instant, not before {@code now}, at which a customer in {@code zone} is inside the window: {@code now}
     * itself when the window is open. Daylight saving is the zone's: a {@code from} that a clock change skips opens
     * the window when the clock resumes, one it repeats opens it the first time.
     */
    public Instant nextOpening(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        if (contains(local.toLocalTime())) {
            return now;
        }
        ZonedDateTime opening = ZonedDateTime.of(local.toLocalDate(), from, zone);
        if (!opening.toInstant().isAfter(now)) {
            opening = ZonedDateTime.of(local.toLocalDate().plusDays(1), from, zone);
        }
        return opening.toInstant();
    }
}
