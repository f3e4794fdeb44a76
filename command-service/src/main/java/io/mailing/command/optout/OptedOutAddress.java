package io.mailing.command.optout;

import io.mailing.events.mailout.Channel;
import io.mailing.platform.text.EmailAddress;
import io.mailing.platform.text.PhoneNumber;

/**
 * An address as the opt-out list of its channel keeps it, read by the rules the customer directory reads it by: the
 * E.164 digits of a phone for {@link Channel#SMS}, the lower-case e-mail address for {@link Channel#EMAIL}. So an
 * address typed as an operator sees it ({@code +7 (916) 123-45-67}, {@code Ann@Example.com}) matches the customer's.
 */
record OptedOutAddress(Channel channel, String value) {

    /** Reads {@code raw} as an address of {@code channel}; throws the value's own violation when it is none. */
    static OptedOutAddress of(Channel channel, String raw) {
        return new OptedOutAddress(
                channel,
                channel == Channel.SMS
                        ? PhoneNumber.of(raw).digits()
                        : EmailAddress.of(raw).value());
    }

    /** The id of its opt-out. */
    OptOutId id() {
        return OptOutId.of(this);
    }

    @Override
    public String toString() {
        return channel + " " + value;
    }
}
