package io.mailing.query.customer;

import static io.mailing.query.jdbc.Sql.textArray;
import static io.mailing.query.jdbc.Sql.timestamp;

import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.platform.axon.PerBatch;
import io.mailing.query.projection.Positions;
import io.mailing.query.projection.QueryProjections;
import io.mailing.query.projection.StatementBatch;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The customer directory ({@code query.customer}). A row remembers the position of the last event it took in and
 * takes in only later ones, so an event handled again changes nothing.
 */
@Component
@ProcessingGroup(QueryProjections.CUSTOMERS)
class CustomerProjection {

    private static final String REGISTER = """
            INSERT INTO query.customer (id, phone, operator_code, email, tags, time_zone, active, registered_at,
                                        last_position)
            VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?)
            ON CONFLICT (id) DO NOTHING
            """;
    private static final String CHANGE = """
            UPDATE query.customer SET phone = ?, operator_code = ?, email = ?, tags = ?, time_zone = ?,
                                      changed_at = ?, last_position = ?
            WHERE id = ? AND last_position < ?
            """;
    private static final String REMOVE = """
            UPDATE query.customer SET active = FALSE, removed_at = ?, last_position = ?
            WHERE id = ? AND last_position < ?
            """;

    private final JdbcTemplate jdbc;

    CustomerProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CustomerRegistered event, @Timestamp Instant at, TrackingToken token) {
        statements()
                .add(
                        REGISTER,
                        event.customerId(),
                        event.phone(),
                        event.operatorCode(),
                        event.email(),
                        textArray(event.tags()),
                        event.timeZone(),
                        timestamp(at),
                        Positions.of(token));
    }

    @EventHandler
    void on(CustomerChanged event, @Timestamp Instant at, TrackingToken token) {
        long position = Positions.of(token);
        statements()
                .add(
                        CHANGE,
                        event.phone(),
                        event.operatorCode(),
                        event.email(),
                        textArray(event.tags()),
                        event.timeZone(),
                        timestamp(at),
                        position,
                        event.customerId(),
                        position);
    }

    @EventHandler
    void on(CustomerRemoved event, @Timestamp Instant at, TrackingToken token) {
        long position = Positions.of(token);
        statements().add(REMOVE, timestamp(at), position, event.customerId(), position);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE query.customer");
    }

    private StatementBatch statements() {
        return PerBatch.get(QueryProjections.CUSTOMERS, StatementBatch::new, batch -> batch.run(jdbc));
    }
}
