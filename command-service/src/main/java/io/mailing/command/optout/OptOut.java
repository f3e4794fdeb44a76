package io.mailing.command.optout;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.mailing.command.optout.OptOutCommands.OptOutAddress;
import io.mailing.command.optout.OptOutCommands.WithdrawOptOut;
import io.mailing.events.mailout.Channel;
import io.mailing.events.optout.AddressOptedOut;
import io.mailing.events.optout.OptOutWithdrawn;
import io.mailing.platform.problem.NotFoundException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One address's opt-out of one channel, over its whole history: opted out, withdrawn, opted out again. Its id
 * follows from the channel and the address ({@link OptOutId}), so two requests for the same address meet in one
 * aggregate and the event store's sequence numbers keep them apart. Opting out an address already opted out, or
 * withdrawing an opt-out already withdrawn, records nothing.
 */
@Aggregate(commandTargetResolver = "commandTargets")
class OptOut {

    @AggregateIdentifier
    private OptOutId id;

    private Channel channel;
    private String address;
    private boolean optedOut;

    OptOut() {}

    /** Answers {@code true} when the address was put on the list, {@code false} when it was on it already. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(OptOutAddress command) {
        if (optedOut) {
            return false;
        }
        OptedOutAddress given = command.address();
        apply(new AddressOptedOut(
                command.id().value(),
                given.channel(),
                given.value(),
                command.source(),
                command.messageId(),
                GenericEventMessage.clock.instant()));
        return true;
    }

    /** Withdraws the opt-out; an address that is not on the list is not found. */
    @CommandHandler
    void handle(WithdrawOptOut command) {
        if (!optedOut) {
            throw new NotFoundException("opt-out", channel + "/" + address);
        }
        apply(new OptOutWithdrawn(id.value(), channel, address, GenericEventMessage.clock.instant()));
    }

    @EventSourcingHandler
    void on(AddressOptedOut event) {
        id = new OptOutId(event.optOutId());
        channel = event.channel();
        address = event.address();
        optedOut = true;
    }

    @EventSourcingHandler
    void on(OptOutWithdrawn event) {
        optedOut = false;
    }
}
