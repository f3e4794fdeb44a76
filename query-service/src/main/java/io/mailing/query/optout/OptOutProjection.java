package io.mailing.query.optout;

import static io.mailing.query.jdbc.Sql.timestamp;

import io.mailing.events.optout.AddressOptedOut;
import io.mailing.events.optout.OptOutWithdrawn;
import io.mailing.query.projection.QueryProjections;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The opt-out list of each channel ({@code query.opt_out}), kept with the customer directory: a row per address on
 * a list, gone when its opt-out is withdrawn. A row takes in only events of its opt-out later (by sequence number)
 * than the last it took in.
 */
@Component
@ProcessingGroup(QueryProjections.CUSTOMERS)
class OptOutProjection {

    private final JdbcTemplate jdbc;

    OptOutProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AddressOptedOut event, @SequenceNumber long sequence) {
        jdbc.update(
                """
                INSERT INTO query.opt_out (id, channel, address, source, message_id, opted_out_at, last_sequence)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE
                    SET source = excluded.source, message_id = excluded.message_id,
                        opted_out_at = excluded.opted_out_at, last_sequence = excluded.last_sequence
                    WHERE opt_out.last_sequence < excluded.last_sequence
                """,
                event.optOutId(),
                event.channel().name(),
                event.address(),
                event.source().name(),
                event.messageId(),
                timestamp(event.optedOutAt()),
                sequence);
    }

    @EventHandler
    void on(OptOutWithdrawn event, @SequenceNumber long sequence) {
        jdbc.update("DELETE FROM query.opt_out WHERE id = ? AND last_sequence < ?", event.optOutId(), sequence);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE query.opt_out");
    }
}
