package io.mailing.command.optout;

import io.mailing.command.optout.OptOutCommands.OptOutAddress;
import io.mailing.events.mailout.Channel;
import io.mailing.events.optout.OptOutSource;
import io.mailing.platform.correlation.EventMetadata;
import io.mailing.platform.logging.BulkEventLog;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.InvalidValueException;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts a list of addresses on the opt-out list of one channel (a list taken over from another system, say): every
 * address read by the rules of a single opt-out, a bad one reported by its index, a repeat or an address on the list
 * already counted apart, so importing the same list twice changes nothing. The addresses go in batches of
 * {@value #BATCH}, each one transaction (one append of its events); a batch that fails (another request opted one
 * of its addresses out at the same moment) is sent again address by address.
 */
@Component
class OptOutImport {

    static final int MAX_ADDRESSES = 10_000;

    static final int BATCH = 500;

    private final CommandGateway commands;
    private final TransactionTemplate transactions;

    OptOutImport(CommandGateway commands, PlatformTransactionManager transactions) {
        this.commands = commands;
        this.transactions = new TransactionTemplate(transactions);
    }

    @Schema(
            description = "Addresses of one channel to opt out",
            example = "{\"channel\":\"SMS\",\"addresses\":[\"+7 916 123-45-67\",\"79161234568\"]}")
    record Request(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            Channel channel,

            @ArraySchema(
                    maxItems = MAX_ADDRESSES,
                    schema = @Schema(description = "a phone number for SMS, an e-mail address for EMAIL"))
            List<String> addresses) {}

    /**
     * @param optedOut addresses put on the list by this import
     * @param alreadyOptedOut addresses that were on it already, or repeated in the import
     */
    record Result(int optedOut, int alreadyOptedOut, List<Rejected> rejected) {}

    /** An address refused: its index in {@code addresses} and why. */
    record Rejected(int index, String detail) {}

    Result importAll(Request request) {
        if (request.channel() == null) {
            throw new InvalidInputException("channel", "is required: SMS or EMAIL");
        }
        List<String> given = request.addresses() == null ? List.of() : request.addresses();
        if (given.size() > MAX_ADDRESSES) {
            throw new InvalidInputException(
                    "addresses", "must have at most " + MAX_ADDRESSES + " elements (has " + given.size() + ")");
        }
        List<Rejected> rejected = new ArrayList<>();
        Set<OptedOutAddress> distinct = new LinkedHashSet<>();
        int repeated = 0;
        for (int index = 0; index < given.size(); index++) {
            String raw = given.get(index);
            try {
                if (raw == null) {
                    throw new InvalidValueException("is required");
                }
                if (!distinct.add(OptedOutAddress.of(request.channel(), raw))) {
                    repeated++;
                }
            } catch (InvalidValueException e) {
                rejected.add(new Rejected(index, "addresses[" + index + "] " + e.getMessage()));
            }
        }
        Map<String, Object> metadata = EventMetadata.ofCurrentRequest();
        List<OptedOutAddress> addresses = List.copyOf(distinct);
        int optedOut = 0;
        for (int from = 0; from < addresses.size(); from += BATCH) {
            optedOut += optOut(addresses.subList(from, Math.min(addresses.size(), from + BATCH)), metadata);
        }
        return new Result(optedOut, addresses.size() - optedOut + repeated, rejected);
    }

    /** Opts the batch out in one transaction, or address by address should that fail; how many were not yet. */
    private int optOut(List<OptedOutAddress> batch, Map<String, Object> metadata) {
        try {
            int[] added = new int[1];
            BulkEventLog.run(
                    "Opted out " + batch.size() + " imported addresses",
                    () -> transactions.executeWithoutResult(status -> DefaultUnitOfWork.startAndGet(null)
                            .execute(() -> batch.forEach(address -> added[0] += send(address, metadata)))));
            return added[0];
        } catch (RuntimeException e) {
            int added = 0;
            for (OptedOutAddress address : batch) {
                added += Retrying.onceMoreIfRaced(() -> transactions.execute(status -> send(address, metadata)));
            }
            return added;
        }
    }

    private int send(OptedOutAddress address, Map<String, Object> metadata) {
        Boolean added = commands.sendAndWait(
                GenericCommandMessage.asCommandMessage(new OptOutAddress(address, OptOutSource.IMPORT, null))
                        .andMetaData(metadata));
        return Boolean.TRUE.equals(added) ? 1 : 0;
    }
}
