package io.mailing.events.message;

import com.fasterxml.uuid.Generators;
import java.util.UUID;

/**
 * How a message's id follows from its mailout and its customer: UUID v5 (name-based, SHA-1) of the customer id in
 * the mailout id's namespace. One mailout can only ever queue one message per customer, and any side can name the
 * message a mailout has (or will have) for a customer without looking it up.
 */
public final class MessageIds {

    private MessageIds() {}

    /** The id of this mailout's message for this customer. */
    public static UUID of(UUID mailoutId, UUID customerId) {
        return Generators.nameBasedGenerator(mailoutId).generate(customerId.toString());
    }
}
