package io.mailing.events.message;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The customer's local time was outside the mailout's delivery window: no attempt before {@code until}, when the
 * window next opens.
 *
 * @param attempts attempts made so far
 */
@Revision("1")
public record MessageDeferred(
        UUID messageId, UUID mailoutId, UUID customerId, int attempts, Instant deferredAt, Instant until)
        implements MessageEvent {}
