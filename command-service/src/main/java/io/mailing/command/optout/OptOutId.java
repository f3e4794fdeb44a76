package io.mailing.command.optout;

import com.fasterxml.jackson.annotation.JsonValue;
import io.mailing.events.optout.OptOutIds;
import java.util.UUID;

/** Identifies the opt-out of one address from one channel: {@link OptOutIds#of} both, so it is never looked up. */
record OptOutId(@JsonValue UUID value) {

    static OptOutId of(OptedOutAddress address) {
        return new OptOutId(OptOutIds.of(address.channel(), address.value()));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
