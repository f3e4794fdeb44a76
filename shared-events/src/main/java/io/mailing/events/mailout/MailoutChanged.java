package io.mailing.events.mailout;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** A scheduled mailout was replaced as a whole before it started; fields as in {@link MailoutScheduled}. */
@Revision("2")
public record MailoutChanged(
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
