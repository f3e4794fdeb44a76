package io.mailing.console.page;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Instants as the pages show them ({@code ${@times.format(instant)}}): to the second, in the console's zone. */
@Component("times")
public class Times {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private final ZoneId zone = ZoneId.systemDefault();

    /** The zone the console shows times in, and the one the mailout form offers first. */
    public ZoneId zone() {
        return zone;
    }

    public String format(Instant instant) {
        return instant == null ? "—" : FORMAT.format(instant.atZone(zone));
    }
}
