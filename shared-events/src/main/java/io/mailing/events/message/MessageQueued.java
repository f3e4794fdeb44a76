package io.mailing.events.message;

import io.mailing.events.mailout.DeliveryWindow;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A mailout's message for one customer was queued. Carries everything delivery needs, so sending never reads
 * another aggregate.
 *
 * @param messageId UUID v5 of the mailout id and the customer id: queuing the same pair again is a no-op
 * @param providerMessageId the {@code msgId} every attempt sends to the provider, derived from {@code messageId}
 * @param phone E.164 digits without {@code +}
 * @param timeZone the customer's zone, in which {@code deliveryWindow} is read
 * @param deliveryWindow may be {@code null}: no local-time restriction
 */
@Revision("1")
public record MessageQueued(
        UUID messageId,
        UUID mailoutId,
        UUID customerId,
        long providerMessageId,
        String phone,
        String text,
        String timeZone,
        DeliveryWindow deliveryWindow,
        Instant endAt,
        Instant queuedAt)
        implements MessageEvent {}
