package io.mailing.events.message;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The message will not be delivered: the provider refused it for good, or every allowed attempt failed.
 *
 * @param errorKind what the last attempt ran into
 */
@Revision("1")
public record MessageFailed(
        UUID messageId,
        UUID mailoutId,
        UUID customerId,
        int attempts,
        Instant failedAt,
        ErrorKind errorKind,
        String detail)
        implements MessageEvent {}
