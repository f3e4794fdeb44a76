package io.mailing.query.projection;

import io.mailing.platform.jdbc.AnyOf;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The global positions of a batch's events in the event store, looked up by the events' identifiers in one statement.
 * A streaming processor's tracking token is an event's own position only when the event came in stream order: an
 * event whose transaction committed after a later position's (it filled a gap the processor had passed) carries
 * the highest position seen so far instead, the same as the event before it. Whatever must name an event exactly
 * (the audit index) or tell two events of one row apart (a message's row) asks here.
 */
public final class EventPositions {

    private final Map<String, Long> byEvent;

    private EventPositions(Map<String, Long> byEvent) {
        this.byEvent = byEvent;
    }

    /** The positions of these events (their identifiers), as the event store holds them. */
    public static EventPositions of(JdbcTemplate jdbc, Collection<String> eventIds) {
        Map<String, Long> byEvent = new HashMap<>();
        if (!eventIds.isEmpty()) {
            jdbc.query(
                    AnyOf.values(
                            "SELECT eventidentifier, globalindex FROM axon.domain_event_entry"
                                    + " WHERE eventidentifier = ANY (?)",
                            "varchar",
                            eventIds),
                    rs -> {
                        byEvent.put(rs.getString(1), rs.getLong(2));
                    });
        }
        return new EventPositions(byEvent);
    }

    /**
     * The event's position: as the event store holds it, or, for an event this store does not hold (one handed to
     * a projection directly, as its tests do), its token's ({@code tokenPosition}).
     */
    public long of(String eventId, long tokenPosition) {
        Long stored = byEvent.get(eventId);
        return stored != null ? stored : tokenPosition;
    }
}
