package io.mailing.events.mailout;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;

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

    /** Whether the window is open at this instant for a customer in this zone. */
    public boolean isOpenAt(Instant instant, ZoneId zone) {
        return contains(instant.atZone(zone).toLocalTime());
    }

    /**
     * The first instant, not before {@code now}, at which a customer in {@code zone} is inside the window: {@code now}
     * itself when the window is open. Daylight saving is the zone's: a {@code from} that a clock change skips opens
     * the window the moment the clock jumps past it, one it repeats opens it the first time.
     */
    public Instant nextOpening(Instant now, ZoneId zone) {
        if (isOpenAt(now, zone)) {
            return now;
        }
        ZonedDateTime local = now.atZone(zone);
        Instant today = opening(local.toLocalDate(), zone);
        return today.isAfter(now) ? today : opening(local.toLocalDate().plusDays(1), zone);
    }

    private Instant opening(LocalDate date, ZoneId zone) {
        LocalDateTime opening = LocalDateTime.of(date, from);
        ZoneOffsetTransition transition = zone.getRules().getTransition(opening);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return ZonedDateTime.of(opening, zone).toInstant();
    }
}
