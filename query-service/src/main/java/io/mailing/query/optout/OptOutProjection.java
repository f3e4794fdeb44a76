package io.mailing.query.optout;

import static io.mailing.query.jdbc.Sql.timestamp;

import io.mailing.events.optout.AddressOptedOut;
import io.mailing.events.optout.OptOutWithdrawn;
import io.mailing.query.projection.Positions;
import io.mailing.query.projection.QueryProjections;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The opt-out list of each channel ({@code query.opt_out}), kept with the customer directory: a row per address on
 * a list, gone when its opt-out is withdrawn. A row takes in only events later than the last it took in.
 */
@Component
@ProcessingGroup(QueryProjections.CUSTOMERS)
class OptOutProjection {

    private final JdbcTemplate jdbc;

    OptOutProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AddressOptedOut event, TrackingToken token) {
        jdbc.update(
                """
                INSERT INTO query.opt_out (id, channel, address, source, message_id, opted_out_at, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE
                    SET source = excluded.source, message_id = excluded.message_id,
                        opted_out_at = excluded.opted_out_at, last_position = excluded.last_position
                    WHERE opt_out.last_position < excluded.last_position
                """,
                event.optOutId(),
                event.channel().name(),
                event.address(),
                event.source().name(),
                event.messageId(),
                timestamp(event.optedOutAt()),
                Positions.of(token));
    }

    @EventHandler
    void on(OptOutWithdrawn event, TrackingToken token) {
        jdbc.update(
                "DELETE FROM query.opt_out WHERE id = ? AND last_position < ?", event.optOutId(), Positions.of(token));
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE query.opt_out");
    }
}
