package io.mailing.query.customer;

import static io.mailing.query.jdbc.Sql.textArray;
import static io.mailing.query.jdbc.Sql.timestamp;

import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.platform.axon.PerBatch;
import io.mailing.query.projection.QueryProjections;
import io.mailing.query.projection.StatementBatch;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The customer directory ({@code query.customer}). A row remembers the sequence number of the last event of its
 * customer it took in and takes in only later ones, so an event handled again changes nothing. Not the event's tracking
 * token's position: an event that fills a gap the processor had passed carries the highest position seen so far, the
 * same as the customer's next event when both come late, which that one would then be refused for.
 *
 * <p>It keeps the number of active customers ({@code query.customer_total}), moved once per batch by the registrations
 * it inserted less the removals it applied, so that the directory's first page does not count a million rows.
 */
@Component
@ProcessingGroup(QueryProjections.CUSTOMERS)
class CustomerProjection {

    private static final String REGISTER = """
            INSERT INTO query.customer (id, phone, operator_code, email, tags, time_zone, active, registered_at,
                                        last_sequence)
            VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?)
            ON CONFLICT (id) DO NOTHING
            """;
    private static final String CHANGE = """
            UPDATE query.customer SET phone = ?, operator_code = ?, email = ?, tags = ?, time_zone = ?,
                                      changed_at = ?, last_sequence = ?
            WHERE id = ? AND last_sequence < ?
            """;
    private static final String REMOVE = """
            UPDATE query.customer SET active = FALSE, removed_at = ?, last_sequence = ?
            WHERE id = ? AND last_sequence < ? AND active
            """;

    private final JdbcTemplate jdbc;

    CustomerProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CustomerRegistered event, @Timestamp Instant at, @SequenceNumber long sequence) {
        statements()
                .counted(
                        REGISTER,
                        1,
                        event.customerId(),
                        event.phone(),
                        event.operatorCode(),
                        event.email(),
                        textArray(event.tags()),
                        event.timeZone(),
                        timestamp(at),
                        sequence);
    }

    @EventHandler
    void on(CustomerChanged event, @Timestamp Instant at, @SequenceNumber long sequence) {
        statements()
                .add(
                        CHANGE,
                        event.phone(),
                        event.operatorCode(),
                        event.email(),
                        textArray(event.tags()),
                        event.timeZone(),
                        timestamp(at),
                        sequence,
                        event.customerId(),
                        sequence);
    }

    @EventHandler
    void on(CustomerRemoved event, @Timestamp Instant at, @SequenceNumber long sequence) {
        statements().counted(REMOVE, -1, timestamp(at), sequence, event.customerId(), sequence);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE query.customer, query.customer_total");
    }

    private StatementBatch statements() {
        return PerBatch.get(QueryProjections.CUSTOMERS, StatementBatch::new, this::write);
    }

    private void write(StatementBatch batch) {
        long joined = batch.run(jdbc);
        if (joined != 0) {
            jdbc.update(
                    "INSERT INTO query.customer_total (active) VALUES (?)"
                            + " ON CONFLICT (only_row) DO UPDATE SET active = customer_total.active + excluded.active",
                    joined);
        }
    }
}
