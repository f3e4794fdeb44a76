package io.mailing.sending.message;

import com.fasterxml.jackson.annotation.JsonValue;
import io.mailing.events.message.MessageIds;
import java.util.UUID;

/**
 * Identifies a message: {@link MessageIds#of} its mailout and customer (UUID v5), so one mailout can only ever queue
 * one message per customer. Serialized as the bare UUID string, which is also how Axon
 * routes commands to the aggregate.
 */
public record MessageId(@JsonValue UUID value) {

    /** The message of this mailout for this customer. */
    public static MessageId of(UUID mailoutId, UUID customerId) {
        return new MessageId(MessageIds.of(mailoutId, customerId));
    }

    /**
     * The {@code msgId} sent to the provider on every attempt: a non-negative int64 folded from all 128 bits of the
     * id, so a repeated call (after a crash, say) is recognisable as the same message.
     */
    public long providerMessageId() {
        return (value.getMostSignificantBits() ^ value.getLeastSignificantBits()) & Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
