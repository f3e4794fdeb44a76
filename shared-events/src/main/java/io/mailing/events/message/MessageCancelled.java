package io.mailing.events.message;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The mailout was cancelled while the message was still pending. */
@Revision("1")
public record MessageCancelled(UUID messageId, UUID mailoutId, UUID customerId, int attempts, Instant cancelledAt)
        implements MessageEvent {}
