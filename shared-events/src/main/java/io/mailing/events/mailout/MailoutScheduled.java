package io.mailing.events.mailout;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A mailout was created; it starts by itself at {@code startAt}.
 *
 * @param deliveryWindow may be {@code null}: no local-time restriction
 * @param includeLateJoiners whether customers who start matching the filter while it runs get the message too
 * @param channel how its messages go out ({@link Channel#SMS} for one stored before mailouts had a channel)
 * @param email the subject and HTML body of an {@link Channel#EMAIL} mailout; {@code null} for SMS
 */
@Revision("2")
public record MailoutScheduled(
        UUID mailoutId,
        String text,
        Instant startAt,
        Instant endAt,
        AudienceFilter filter,
        DeliveryWindow deliveryWindow,
        boolean includeLateJoiners,
        Channel channel,
        EmailContent email)
        implements MailoutDefined {}
