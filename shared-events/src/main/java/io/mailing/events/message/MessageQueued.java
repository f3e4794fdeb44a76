package io.mailing.events.message;

import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A message was queued: a mailout's for one customer, or a one-off an application asked for (its mailout one of the
 * standing {@link Transactional} ones). Carries everything delivery needs, so sending never reads another aggregate.
 *
 * @param messageId for a mailout's message UUID v5 of the mailout id and the customer id (queuing the same pair again
 *     is a no-op); a random id for a one-off
 * @param customerId the customer it is for; {@code null} for a one-off to an address no active customer has
 * @param providerMessageId the {@code msgId} every attempt sends to the provider, derived from {@code messageId}
 * @param phone E.164 digits without {@code +}; {@code null} for an e-mail
 * @param timeZone the customer's zone, in which {@code deliveryWindow} is read
 * @param deliveryWindow may be {@code null}: no local-time restriction
 * @param channel how it goes out ({@link Channel#SMS} for one stored before messages had a channel)
 * @param email the customer's e-mail address for an e-mail, {@code null} for a text message
 * @param subject a one-off e-mail's subject, {@code null} otherwise (a mailout's e-mails have their mailout's)
 * @param html a one-off e-mail's HTML body, {@code null} for none or otherwise
 */
@Revision("3")
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
        String email,
        String subject,
        String html)
        implements MessageEvent {}
