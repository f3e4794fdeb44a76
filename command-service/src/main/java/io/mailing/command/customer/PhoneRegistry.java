package io.mailing.command.customer;

import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.platform.problem.ConflictException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Set-based validation of "one active customer per phone number": the numbers held by active customers, in the
 * table {@code command.customer_phone}. Its processor is subscribing and, like every processor here, propagates
 * errors, so each update runs in the transaction that appends the customer's event, and a number that is taken
 * fails that command with a conflict naming the holder; the primary key settles a race between two requests for the
 * same number.
 *
 * <p>The numbers that registrations claim are gathered over the events the processor handles together (those of one
 * unit of work: one command, or a whole batch of an import) and claimed in one statement as that batch completes, so
 * a batch of 500 registrations is one insert, not 500. A change or a removal first claims what is gathered, so the
 * table sees every event in its order.
 */
@Component
@ProcessingGroup(PhoneRegistry.PROCESSING_GROUP)
class PhoneRegistry {

    static final String PROCESSING_GROUP = "customer-phones";

    /** The property of a conflict that names the customer who holds the number. */
    static final String EXISTING_ID = "existingId";

    private static final String CLAIMS = PhoneRegistry.class.getName() + ".claims";

    private final JdbcTemplate jdbc;

    PhoneRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CustomerRegistered event) {
        claims().add(event.phone(), event.customerId());
    }

    @EventHandler
    void on(CustomerChanged event) {
        claims().claimAll();
        jdbc.update(
                "DELETE FROM command.customer_phone WHERE customer_id = ? AND phone <> ?",
                event.customerId(),
                event.phone());
        claims().add(event.phone(), event.customerId());
    }

    @EventHandler
    void on(CustomerRemoved event) {
        claims().claimAll();
        jdbc.update("DELETE FROM command.customer_phone WHERE customer_id = ?", event.customerId());
    }

    /** The current batch's claims, claimed as its unit of work prepares to commit (at once outside of one). */
    private Claims claims() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new Claims(true);
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get();
        return batch.getOrComputeResource(CLAIMS, key -> {
            Claims claims = new Claims(false);
            batch.onPrepareCommit(u -> claims.claimAll());
            return claims;
        });
    }

    /** Holders of these numbers, as they are now. */
    Map<String, UUID> holders(List<String> phones) {
        Map<String, UUID> holders = new HashMap<>();
        jdbc.query(
                connection -> {
                    PreparedStatement select = connection.prepareStatement(
                            "SELECT phone, customer_id FROM command.customer_phone WHERE phone = ANY (?)");
                    select.setArray(1, connection.createArrayOf("varchar", phones.toArray()));
                    return select;
                },
                row -> {
                    holders.put(row.getString(1), row.getObject(2, UUID.class));
                });
        return holders;
    }

    /** Numbers to claim, in the order their events came. */
    private final class Claims {

        private final boolean immediate;
        private final List<String> phones = new ArrayList<>();
        private final List<UUID> customers = new ArrayList<>();

        Claims(boolean immediate) {
            this.immediate = immediate;
        }

        void add(String phone, UUID customerId) {
            phones.add(phone);
            customers.add(customerId);
            if (immediate) {
                claimAll();
            }
        }

        /**
         * Inserts every gathered number at once; a number another customer holds fails the batch with a conflict
         * naming them. A number whose holder let go between the insert and the look is claimed again.
         */
        void claimAll() {
            while (!phones.isEmpty()) {
                Map<String, UUID> claimed = insert();
                List<String> lost = new ArrayList<>();
                List<UUID> losers = new ArrayList<>();
                for (int i = 0; i < phones.size(); i++) {
                    if (!customers.get(i).equals(claimed.get(phones.get(i)))) {
                        lost.add(phones.get(i));
                        losers.add(customers.get(i));
                    }
                }
                phones.clear();
                customers.clear();
                if (lost.isEmpty()) {
                    return;
                }
                Map<String, UUID> holders = holders(lost);
                for (int i = 0; i < lost.size(); i++) {
                    UUID holder = holders.get(lost.get(i));
                    if (holder == null) {
                        phones.add(lost.get(i));
                        customers.add(losers.get(i));
                    } else if (!holder.equals(losers.get(i))) {
                        throw new ConflictException(
                                "Phone " + lost.get(i) + " already belongs to customer " + holder,
                                Map.of("field", "phone", EXISTING_ID, holder));
                    }
                }
            }
        }

        /** The numbers this insert claimed, and for whom (one statement, whatever the batch's size). */
        private Map<String, UUID> insert() {
            Map<String, UUID> claimed = new HashMap<>();
            jdbc.query(
                    connection -> {
                        PreparedStatement insert =
                                connection.prepareStatement("INSERT INTO command.customer_phone (phone, customer_id)"
                                        + " SELECT * FROM unnest(?::varchar[], ?::uuid[])"
                                        + " ON CONFLICT (phone) DO NOTHING RETURNING phone, customer_id");
                        Array phoneArray = connection.createArrayOf("varchar", phones.toArray());
                        Array customerArray = connection.createArrayOf("uuid", customers.toArray());
                        insert.setArray(1, phoneArray);
                        insert.setArray(2, customerArray);
                        return insert;
                    },
                    row -> {
                        claimed.put(row.getString(1), row.getObject(2, UUID.class));
                    });
            return claimed;
        }
    }
}
