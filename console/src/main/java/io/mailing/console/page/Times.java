package io.mailing.console.page;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Instants as the pages show them ({@code ${@times.format(instant)}}), to the second, and as their time fields hold them, in the console's zone. */
@Component("times")
public class Times {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private final ZoneId zone = ZoneId.systemDefault();

    /** The zone the pages show times in, the one the mailout form offers first, and the one typed times are read in. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * The instant as a local date and time in the console's zone, as a {@code datetime-local} field holds it, to the
     * fraction of a second (an as-of link to the moment of an event must not fall before it).
     */
    public String local(Instant instant) {
        return LocalDateTime.ofInstant(instant, zone).toString();
    }

    public String format(Instant instant) {
        return instant == null ? "—" : FORMAT.format(instant.atZone(zone));
    }
}
