package io.mailing.command.customer;

import io.mailing.command.customer.ContactAddress.Kind;
import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.platform.jdbc.AnyOf;
import io.mailing.platform.problem.ConflictException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
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
 * Set-based validation of "one active customer per phone number, and per e-mail address": the addresses held by
 * active customers, in the tables {@code command.customer_phone} and {@code command.customer_email}. Its processor is
 * subscribing and, like every processor here, propagates errors, so each update runs in the transaction that appends
 * the customer's event, and an address that is taken fails that command with a conflict naming the holder and the
 * field; a table's primary key settles a race between two requests for the same address.
 *
 * <p>The addresses that registrations claim are gathered over the events the processor handles together (those of
 * one unit of work: one command, or a whole batch of an import) and claimed in one statement per kind as that batch
 * completes, so a batch of 500 registrations is one insert per kind, not 500. A change or a removal first claims what
 * is gathered, so the tables see every event in its order.
 */
@Component
@ProcessingGroup(AddressRegistry.PROCESSING_GROUP)
class AddressRegistry {

    static final String PROCESSING_GROUP = "customer-addresses";

    /** The property of a conflict that names the customer who holds the address. */
    static final String EXISTING_ID = "existingId";

    private static final String CLAIMS = AddressRegistry.class.getName() + ".claims";

    private final JdbcTemplate jdbc;

    AddressRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CustomerRegistered event) {
        claims().add(ContactAddress.of(event.phone(), event.email()), event.customerId());
    }

    @EventHandler
    void on(CustomerChanged event) {
        claims().claimAll();
        release(event.customerId(), Kind.PHONE, event.phone());
        release(event.customerId(), Kind.EMAIL, event.email());
        claims().add(ContactAddress.of(event.phone(), event.email()), event.customerId());
    }

    @EventHandler
    void on(CustomerRemoved event) {
        claims().claimAll();
        release(event.customerId(), Kind.PHONE, null);
        release(event.customerId(), Kind.EMAIL, null);
    }

    /** Frees the customer's address of this kind unless it is {@code kept}. */
    private void release(UUID customerId, Kind kind, String kept) {
        jdbc.update(
                "DELETE FROM " + kind.table + " WHERE customer_id = ? AND " + kind.column
                        + " IS DISTINCT FROM ?::varchar",
                customerId,
                kept);
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

    /** Holders of these addresses, as they are now. */
    Map<ContactAddress, UUID> holders(Collection<ContactAddress> addresses) {
        Map<ContactAddress, UUID> holders = new HashMap<>();
        for (Kind kind : Kind.values()) {
            List<String> values = addresses.stream()
                    .filter(address -> address.kind() == kind)
                    .map(ContactAddress::value)
                    .toList();
            if (values.isEmpty()) {
                continue;
            }
            jdbc.query(
                    AnyOf.values(
                            "SELECT " + kind.column + ", customer_id FROM " + kind.table + " WHERE " + kind.column
                                    + " = ANY (?)",
                            "varchar",
                            values),
                    row -> {
                        holders.put(new ContactAddress(kind, row.getString(1)), row.getObject(2, UUID.class));
                    });
        }
        return holders;
    }

    /** Addresses to claim, in the order their events came. */
    private final class Claims {

        private final boolean immediate;
        private final List<ContactAddress> addresses = new ArrayList<>();
        private final List<UUID> customers = new ArrayList<>();

        Claims(boolean immediate) {
            this.immediate = immediate;
        }

        void add(List<ContactAddress> claimed, UUID customerId) {
            for (ContactAddress address : claimed) {
                addresses.add(address);
                customers.add(customerId);
            }
            if (immediate) {
                claimAll();
            }
        }

        /**
         * Inserts every gathered address at once (one statement per kind); an address another customer holds fails
         * the batch with a conflict naming them. An address whose holder let go between the insert and the look is
         * claimed again.
         */
        void claimAll() {
            while (!addresses.isEmpty()) {
                Map<ContactAddress, UUID> claimed = insert();
                List<ContactAddress> lost = new ArrayList<>();
                List<UUID> losers = new ArrayList<>();
                for (int i = 0; i < addresses.size(); i++) {
                    if (!customers.get(i).equals(claimed.get(addresses.get(i)))) {
                        lost.add(addresses.get(i));
                        losers.add(customers.get(i));
                    }
                }
                addresses.clear();
                customers.clear();
                if (lost.isEmpty()) {
                    return;
                }
                Map<ContactAddress, UUID> holders = holders(lost);
                for (int i = 0; i < lost.size(); i++) {
                    UUID holder = holders.get(lost.get(i));
                    if (holder == null) {
                        addresses.add(lost.get(i));
                        customers.add(losers.get(i));
                    } else if (!holder.equals(losers.get(i))) {
                        throw new ConflictException(
                                lost.get(i) + " already belongs to customer " + holder,
                                Map.of("field", lost.get(i).kind().field, EXISTING_ID, holder));
                    }
                }
            }
        }

        /** The addresses this insert claimed, and for whom. */
        private Map<ContactAddress, UUID> insert() {
            Map<ContactAddress, UUID> claimed = new HashMap<>();
            for (Kind kind : Kind.values()) {
                List<String> values = new ArrayList<>();
                List<UUID> holders = new ArrayList<>();
                for (int i = 0; i < addresses.size(); i++) {
                    if (addresses.get(i).kind() == kind) {
                        values.add(addresses.get(i).value());
                        holders.add(customers.get(i));
                    }
                }
                if (values.isEmpty()) {
                    continue;
                }
                jdbc.query(
                        connection -> {
                            PreparedStatement insert = connection.prepareStatement("INSERT INTO " + kind.table + " ("
                                    + kind.column + ", customer_id) SELECT * FROM unnest(?::varchar[], ?::uuid[])"
                                    + " ON CONFLICT (" + kind.column + ") DO NOTHING RETURNING " + kind.column
                                    + ", customer_id");
                            insert.setArray(1, connection.createArrayOf("varchar", values.toArray()));
                            insert.setArray(2, connection.createArrayOf("uuid", holders.toArray()));
                            return insert;
                        },
                        row -> {
                            claimed.put(new ContactAddress(kind, row.getString(1)), row.getObject(2, UUID.class));
                        });
            }
            return claimed;
        }
    }
}
