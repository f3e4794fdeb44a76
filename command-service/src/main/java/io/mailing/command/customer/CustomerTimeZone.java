package io.mailing.command.customer;

import io.mailing.platform.problem.InvalidValueException;
import io.mailing.platform.text.SafeText;
import java.time.DateTimeException;
import java.time.ZoneId;

/** Where a customer lives in time, so a delivery window means their local hours: an IANA id or a UTC offset. */
final class CustomerTimeZone {

    /** The length of the projections' time zone columns. */
    static final int MAX_LENGTH = 64;

    private CustomerTimeZone() {}

    /** The normalised id ({@code Europe/Moscow}, {@code +03:00}, {@code Z}) as {@link ZoneId#of} reads it. */
    static String of(String raw) {
        SafeText.check(raw, MAX_LENGTH);
        try {
            return ZoneId.of(raw.strip()).getId();
        } catch (DateTimeException e) {
            throw new InvalidValueException(
                    "must be an IANA time zone such as Europe/Moscow or a UTC offset such as +03:00");
        }
    }
}
