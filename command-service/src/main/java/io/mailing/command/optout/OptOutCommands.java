package io.mailing.command.optout;

import io.mailing.events.optout.OptOutSource;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** What can be asked of the opt-out list. */
final class OptOutCommands {

    private OptOutCommands() {}

    /** @param messageId the message whose unsubscribe link was followed, {@code null} otherwise */
    record OptOutAddress(
            @TargetAggregateIdentifier OptOutId id, OptedOutAddress address, OptOutSource source, UUID messageId) {

        OptOutAddress(OptedOutAddress address, OptOutSource source, UUID messageId) {
            this(address.id(), address, source, messageId);
        }
    }

    record WithdrawOptOut(@TargetAggregateIdentifier OptOutId id) {}
}
