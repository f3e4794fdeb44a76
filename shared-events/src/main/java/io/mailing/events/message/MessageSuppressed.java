package io.mailing.events.message;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The message was not sent because its address is on the opt-out list of its channel when its attempt was due.
 *
 * @param optOutId the opt-out that stopped it
 * @param reason why, in words (when and how the address was opted out)
 */
@Revision("1")
public record MessageSuppressed(
        UUID messageId,
        UUID mailoutId,
        UUID customerId,
        int attempts,
        Instant suppressedAt,
        UUID optOutId,
        String reason)
        implements MessageEvent {}
