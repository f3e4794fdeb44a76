package io.mailing.command.mailout;

import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.mailout.MailoutStatus;
import java.time.Instant;
import java.util.UUID;

/** A mailout as the command API answers after creating or replacing it. */
record MailoutResponse(
        UUID id,
        MailoutStatus status,
        String text,
        Instant startAt,
        Instant endAt,
        AudienceFilter filter,
        DeliveryWindow deliveryWindow,
        boolean includeLateJoiners) {

    static MailoutResponse of(MailoutId id, MailoutStatus status, MailoutDefinition definition) {
        return new MailoutResponse(
                id.value(),
                status,
                definition.text(),
                definition.startAt(),
                definition.endAt(),
                definition.filter(),
                definition.deliveryWindow(),
                definition.includeLateJoiners());
    }

    /** The answer to start, pause and resume: where the mailout stands now. */
    record Status(UUID id, MailoutStatus status) {}
}
