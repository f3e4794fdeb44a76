package io.mailing.events.deadletter;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * An operator dropped a parked event: {@code processor} will never handle the event {@code eventId} (of type
 * {@code eventType}, aggregate {@code aggregateId}), which had failed with {@code error}. The mailout, message and
 * customer it named, when it named them, put this record in their audit trails; the event's metadata says who did it.
 */
@Revision("1")
public record DeadLetterEvicted(
        String processor,
        String eventId,
        String eventType,
        String aggregateId,
        String error,
        UUID mailoutId,
        UUID messageId,
        UUID customerId) {}
