package io.mailing.events.optout;

import com.fasterxml.uuid.Generators;
import io.mailing.events.mailout.Channel;
import java.util.UUID;

/**
 * How an opt-out's id follows from its channel and address: UUID v5 (name-based, SHA-1) of {@code CHANNEL:address}
 * in a namespace of its own. An address has one opt-out per channel, and any side can name it without a look-up.
 */
public final class OptOutIds {

    private static final UUID NAMESPACE = UUID.fromString("4f1f7a52-3a4b-4d4e-9b8f-0e6c2d1a9b37");

    private OptOutIds() {}

    /** The id of this address's opt-out of this channel; the address as the list keeps it (see {@link AddressOptedOut}). */
    public static UUID of(Channel channel, String address) {
        return Generators.nameBasedGenerator(NAMESPACE).generate(channel.name() + ":" + address);
    }
}
