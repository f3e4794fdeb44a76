package io.mailing.events.message;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The mailout's end came before the message could be delivered: it was still pending at {@code endAt}, or its next
 * attempt or window opening would have fallen after it.
 */
@Revision("1")
public record MessageExpired(
        UUID messageId, UUID mailoutId, UUID customerId, int attempts, Instant expiredAt, String reason)
        implements MessageEvent {}
