package io.mailing.events.mailout;

import java.time.LocalTime;

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
}
