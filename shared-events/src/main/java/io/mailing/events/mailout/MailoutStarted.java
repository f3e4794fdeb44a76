package io.mailing.events.mailout;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A mailout started sending. Carries everything the sending side needs, so it never reads another service's
 * state.
 *
 * @param deliveryWindow may be {@code null}: no local-time restriction
 */
@Revision("1")
public record MailoutStarted(
        UUID mailoutId,
        Instant startedAt,
        String text,
        AudienceFilter filter,
        DeliveryWindow deliveryWindow,
        Instant endAt,
        boolean includeLateJoiners)
        implements MailoutEvent {}
