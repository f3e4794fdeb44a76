package io.mailing.command.optout;

import io.mailing.events.mailout.Channel;
import java.util.UUID;

/** An address on the opt-out list, as the list keeps it; the id names its audit trail. */
record OptOutResponse(UUID id, Channel channel, String address) {

    static OptOutResponse of(OptedOutAddress address) {
        return new OptOutResponse(address.id().value(), address.channel(), address.value());
    }
}
