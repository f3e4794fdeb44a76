package io.mailing.command.customer;

import io.mailing.command.customer.ContactAddress.Kind;
import io.mailing.command.customer.CustomerCommands.RegisterCustomer;
import io.mailing.platform.logging.BulkEventLog;
import io.mailing.platform.problem.ConflictException;
import io.mailing.platform.problem.DomainException;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers the checked rows of an import many at a time: one transaction and one unit of work per batch, so a
 * batch of 500 is one commit, one append of 500 {@code CustomerRegistered} events (each still its own customer's
 * first event) and one insert per kind of address into the {@link AddressRegistry}, logged as one line ({@link
 * BulkEventLog}). Rows whose phone or e-mail address is already held, or that repeat an address of the same batch,
 * are refused before the batch is sent. A batch that still fails (another request took an address meanwhile) is sent again row by row, each in its own transaction, so one row does not sink the others.
 */
@Component
class CustomerBatches {

    private static final Logger log = LoggerFactory.getLogger(CustomerBatches.class);

    private final CommandGateway commands;
    private final TransactionTemplate transactions;
    private final AddressRegistry registry;

    CustomerBatches(CommandGateway commands, PlatformTransactionManager transactions, AddressRegistry registry) {
        this.commands = commands;
        this.transactions = new TransactionTemplate(transactions);
        this.registry = registry;
    }

    /** A checked row: the line it came from and the customer it describes. */
    record Row(int line, CustomerDetails details) {}

    /** What became of a row: registered with {@code id}, or refused as {@code rejection}. */
    record Outcome(int line, UUID id, ImportAnswer.Rejection rejection) {}

    /**
     * The outcomes of the rows handled; when the database failed for no row's fault, that failure and the first
     * line (of those sent) that was not handled because of it.
     */
    record Result(List<Outcome> outcomes, RuntimeException failure, int firstNotHandled) {}

    /**
     * Registers the rows that can be, with this metadata (the principal and correlation id of the import) on every
     * command; the outcome of each row handled, in no particular order. A row whose address is held is refused with
     * its holder; one that repeats an address of an earlier row of the batch, as that row's (named by {@code place} of
     * its line: {@code "line 12"}), with the customer that row became if it became one. A failure that is no row's own
     * (the database is away) ends the batch, after whatever was registered before it.
     */
    Result register(List<Row> rows, Map<String, ?> metadata, IntFunction<String> place) {
        Map<ContactAddress, Row> firstByAddress = new HashMap<>();
        List<Row> fresh = new ArrayList<>(rows.size());
        List<Repeat> repeats = new ArrayList<>();
        for (Row row : rows) {
            Repeat repeat = null;
            for (ContactAddress address : row.details().addresses()) {
                Row first = firstByAddress.get(address);
                if (first != null && repeat == null) {
                    repeat = new Repeat(row, address, first);
                }
            }
            if (repeat == null) {
                row.details().addresses().forEach(address -> firstByAddress.put(address, row));
                fresh.add(row);
            } else {
                repeats.add(repeat);
            }
        }
        Map<ContactAddress, UUID> holders;
        try {
            holders = registry.holders(firstByAddress.keySet());
        } catch (RuntimeException failure) {
            List<Outcome> outcomes = new ArrayList<>(repeats.size());
            repeats.forEach(repeat -> outcomes.add(repeat.outcome(Map.of(), Map.of(), place)));
            return new Result(
                    outcomes, failure, fresh.isEmpty() ? 0 : fresh.get(0).line());
        }
        Result result = registerFresh(fresh, holders, metadata);
        Map<Integer, UUID> registered = new HashMap<>();
        result.outcomes().stream()
                .filter(outcome -> outcome.id() != null)
                .forEach(outcome -> registered.put(outcome.line(), outcome.id()));
        repeats.forEach(repeat -> result.outcomes().add(repeat.outcome(holders, registered, place)));
        return result;
    }

    /** Registers rows that repeat no address of one another, unless an address is held (by {@code holders}). */
    private Result registerFresh(List<Row> fresh, Map<ContactAddress, UUID> holders, Map<String, ?> metadata) {
        List<Outcome> outcomes = new ArrayList<>(fresh.size());
        List<Sending> sending = new ArrayList<>(fresh.size());
        for (Row row : fresh) {
            Outcome held = null;
            for (ContactAddress address : row.details().addresses()) {
                UUID holder = holders.get(address);
                if (holder != null && held == null) {
                    held = held(row, address, holder);
                }
            }
            if (held == null) {
                sending.add(new Sending(row, CustomerId.random(), metadata));
            } else {
                outcomes.add(held);
            }
        }
        if (sending.isEmpty()) {
            return new Result(outcomes, null, 0);
        }
        try {
            BulkEventLog.run(
                    "Imported lines " + sending.get(0).row().line() + "-"
                            + sending.get(sending.size() - 1).row().line(),
                    () -> transactions.executeWithoutResult(status -> DefaultUnitOfWork.startAndGet(null)
                            .execute(() -> sending.forEach(s -> commands.sendAndWait(s.command())))));
            sending.forEach(s -> outcomes.add(new Outcome(s.row().line(), s.id().value(), null)));
        } catch (RuntimeException e) {
            log.info(
                    "Registering {} imported customers at once failed ({}); registering them one by one",
                    sending.size(),
                    e.toString());
            for (Sending s : sending) {
                try {
                    outcomes.add(alone(s));
                } catch (RuntimeException failure) {
                    return new Result(outcomes, failure, s.row().line());
                }
            }
        }
        return new Result(outcomes, null, 0);
    }

    /** Registers one row in a transaction of its own; a failure that is not the row's own is thrown. */
    private Outcome alone(Sending s) {
        try {
            transactions.executeWithoutResult(status -> commands.sendAndWait(s.command()));
            return new Outcome(s.row().line(), s.id().value(), null);
        } catch (RuntimeException e) {
            DomainException domain = DomainException.causeOf(e);
            if (domain instanceof ConflictException conflict) {
                Object holder = conflict.properties().get(AddressRegistry.EXISTING_ID);
                Kind kind = ContactAddress.Kind.EMAIL.field.equals(
                                conflict.properties().get("field"))
                        ? Kind.EMAIL
                        : Kind.PHONE;
                return refused(s.row(), kind, conflict.getMessage(), holder instanceof UUID id ? id : null);
            }
            if (domain instanceof InvalidInputException invalid) {
                return new Outcome(
                        s.row().line(),
                        null,
                        ImportAnswer.Rejection.invalid(s.row().line(), invalid));
            }
            throw e;
        }
    }

    private static Outcome held(Row row, ContactAddress address, UUID holder) {
        return refused(row, address.kind(), address + " already belongs to customer " + holder, holder);
    }

    private static Outcome refused(Row row, Kind kind, String message, UUID holder) {
        return new Outcome(
                row.line(),
                null,
                ImportAnswer.Rejection.conflict(row.line(), List.of(new Violation(kind.field, message)), holder));
    }

    /** A row that repeats an address of an earlier row of its batch. */
    private record Repeat(Row row, ContactAddress address, Row first) {

        /**
         * Refused: as held when the address was held before the batch, else as the earlier row's (with the customer
         * that row became, if it became one: {@code registered} by line).
         */
        Outcome outcome(Map<ContactAddress, UUID> holders, Map<Integer, UUID> registered, IntFunction<String> place) {
            UUID holder = holders.get(address);
            if (holder != null) {
                return held(row, address, holder);
            }
            UUID firstId = registered.get(first.line());
            String message =
                    "is the " + address.kind().field + " of " + place.apply(first.line()) + " of this import too";
            return refused(
                    row, address.kind(), firstId == null ? message : message + " (customer " + firstId + ")", firstId);
        }
    }

    /** A row on its way: the id it will have and its command, with the import's metadata. */
    private record Sending(Row row, CustomerId id, Map<String, ?> metadata) {

        CommandMessage<RegisterCustomer> command() {
            return GenericCommandMessage.<RegisterCustomer>asCommandMessage(new RegisterCustomer(id, row.details()))
                    .andMetaData(metadata);
        }
    }
}
