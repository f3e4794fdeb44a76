package io.mailing.query.mailout;

import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.mailout.MailoutStatus;
import io.mailing.query.message.MessageCounts;
import java.time.Instant;
import java.util.UUID;

/**
 * A mailout as the API shows it: its definition, status, when each step happened and its messages by status. As of
 * an earlier instant ({@code asOf} set) it is rebuilt from the mailout's own events, without message counts.
 */
public record MailoutView(
        UUID id,
        String text,
        Instant startAt,
        Instant endAt,
        AudienceFilter filter,
        DeliveryWindow deliveryWindow,
        boolean includeLateJoiners,
        MailoutStatus status,
        Instant createdAt,
        Instant changedAt,
        Instant startedAt,
        Instant pausedAt,
        Instant resumedAt,
        Instant cancelledAt,
        Instant closedAt,
        MessageCounts messages,
        Instant asOf) {

    static MailoutView of(MailoutState mailout, MessageCounts messages, Instant asOf) {
        return new MailoutView(
                mailout.id(),
                mailout.text(),
                mailout.startAt(),
                mailout.endAt(),
                mailout.filter(),
                mailout.deliveryWindow(),
                mailout.includeLateJoiners(),
                mailout.status(),
                mailout.createdAt(),
                mailout.changedAt(),
                mailout.startedAt(),
                mailout.pausedAt(),
                mailout.resumedAt(),
                mailout.cancelledAt(),
                mailout.closedAt(),
                messages,
                asOf);
    }
}
