package io.mailing.command.customer;

import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.platform.problem.ConflictException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Set-based validation of "one active customer per phone number": the numbers held by active customers, in the
 * table {@code command.customer_phone}. Its processor is subscribing and, like every processor here, propagates
 * errors, so each update runs in the transaction that appends the customer's event, and a number that is taken
 * fails that command with a conflict naming the holder; the primary key settles a race between two requests for the
 * same number.
 */
@Component
@ProcessingGroup(PhoneRegistry.PROCESSING_GROUP)
class PhoneRegistry {

    static final String PROCESSING_GROUP = "customer-phones";

    /** The property of a conflict that names the customer who holds the number. */
    static final String EXISTING_ID = "existingId";

    private final JdbcTemplate jdbc;

    PhoneRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CustomerRegistered event) {
        claim(event.phone(), event.customerId());
    }

    @EventHandler
    void on(CustomerChanged event) {
        jdbc.update(
                "DELETE FROM command.customer_phone WHERE customer_id = ? AND phone <> ?",
                event.customerId(),
                event.phone());
        claim(event.phone(), event.customerId());
    }

    @EventHandler
    void on(CustomerRemoved event) {
        jdbc.update("DELETE FROM command.customer_phone WHERE customer_id = ?", event.customerId());
    }

    private void claim(String phone, UUID customerId) {
        while (true) {
            int inserted = jdbc.update(
                    "INSERT INTO command.customer_phone (phone, customer_id) VALUES (?, ?) ON CONFLICT (phone) DO NOTHING",
                    phone,
                    customerId);
            if (inserted == 1) {
                return;
            }
            List<UUID> holder = jdbc.queryForList(
                    "SELECT customer_id FROM command.customer_phone WHERE phone = ?", UUID.class, phone);
            if (holder.isEmpty()) {
                continue; // the holder let go between our insert and our look: try again
            }
            if (!holder.get(0).equals(customerId)) {
                throw new ConflictException(
                        "Phone " + phone + " already belongs to customer " + holder.get(0),
                        Map.of("field", "phone", EXISTING_ID, holder.get(0)));
            }
            return;
        }
    }
}
