package io.mailing.events.mailout;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A mailout started sending. Carries everything the sending side needs, so it never reads another service's
 * state.
 *
 * @param deliveryWindow may be {@code null}: no local-time restriction
 * @param channel how its messages go out ({@link Channel#SMS} for one stored before mailouts had a channel)
 * @param email the subject and HTML body of an {@link Channel#EMAIL} mailout; {@code null} for SMS
 */
@Revision("2")
public record MailoutStarted(
        UUID mailoutId,
        Instant startedAt,
        String text,
        AudienceFilter filter,
        DeliveryWindow deliveryWindow,
        Instant endAt,
        boolean includeLateJoiners,
        Channel channel,
        EmailContent email)
        implements MailoutEvent {}
