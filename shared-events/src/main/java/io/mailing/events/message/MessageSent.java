package io.mailing.events.message;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The provider accepted the message on this attempt. */
@Revision("1")
public record MessageSent(
        UUID messageId, UUID mailoutId, UUID customerId, int attempt, Instant startedAt, Instant sentAt)
        implements MessageEvent {}
