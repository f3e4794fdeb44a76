package io.mailing.events.message;

import io.mailing.events.mailout.Channel;
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
 * @param phone E.164 digits without {@code +}; {@code null} for an e-mail
 * @param timeZone the customer's zone, in which {@code deliveryWindow} is read
 * @param deliveryWindow may be {@code null}: no local-time restriction
 * @param channel how it goes out ({@link Channel#SMS} for one stored before messages had a channel)
 * @param email the customer's e-mail address for an e-mail, {@code null} for a text message
 */
@Revision("2")
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
        Instant queuedAt,
        Channel channel,
        String email)
        implements MessageEvent {}
